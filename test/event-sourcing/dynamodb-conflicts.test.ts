/**
 * The DynamoDB log tells a lost race from other failures by the SDK's own exception classes (the
 * SDK's instanceof), never by an error's name. The contract suite runs the real races against
 * DynamoDB Local; this checks the branches one by one with the errors the SDK deserialises.
 */
import { strict as assert } from "node:assert";
import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamoEventLog } from "../../handlers/stores/event-store/dynamodb";
import { VersionTakenError } from "../../handlers/stores/event-store/log";
import type { RecordedEvent } from "../../handlers/stores/event-store/port";

const event = (version: number): RecordedEvent => ({
    stream: "acc-1",
    version,
    eventId: `e-${version}`,
    type: "Opened",
    data: {},
    metadata: {},
    recordedAt: new Date(0),
});
const $metadata = { httpStatusCode: 400 };

/** The log over a client whose every call fails with `error`. */
async function insertFailingWith(error: unknown, events: RecordedEvent[]): Promise<unknown> {
    const client = { send: () => Promise.reject(error) } as unknown as DynamoDBDocumentClient;
    try {
        await dynamoEventLog(client, { eventsTable: "events", snapshotsTable: "snapshots" }).insert(events);
    } catch (err) {
        return err;
    }
    assert.fail("the insert should have failed");
}

describe("event store: DynamoDB conflicts recognised by the SDK's exception classes", () => {
    it("a conditional put that found the version is a VersionTakenError", async () => {
        const err = await insertFailingWith(new ConditionalCheckFailedException({ message: "The conditional request failed", $metadata }), [
            event(1),
        ]);
        assert.ok(err instanceof VersionTakenError);
    });

    it("a transaction cancelled by a condition or a conflicting transaction is a VersionTakenError; one cancelled otherwise is not", async () => {
        const cancelled = (...codes: string[]) =>
            new TransactionCanceledException({
                message: "Transaction cancelled",
                $metadata,
                CancellationReasons: codes.map((Code) => ({ Code })),
            });
        assert.ok(
            (await insertFailingWith(cancelled("None", "ConditionalCheckFailed"), [event(1), event(2)])) instanceof VersionTakenError,
        );
        assert.ok((await insertFailingWith(cancelled("TransactionConflict", "None"), [event(1), event(2)])) instanceof VersionTakenError);
        const throttled = cancelled("ThrottlingError", "None");
        assert.equal(await insertFailingWith(throttled, [event(1), event(2)]), throttled);
    });

    it("an error that is only named like the SDK's is passed on as it is", async () => {
        const named = Object.assign(new Error("not from DynamoDB"), { name: "ConditionalCheckFailedException" });
        assert.equal(await insertFailingWith(named, [event(1)]), named);
    });
});
