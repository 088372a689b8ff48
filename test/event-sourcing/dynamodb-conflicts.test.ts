/**
 * The DynamoDB log tells a lost race from other failures by the client's own error classes
 * (instanceof), never by an error's name. The contract suite runs the real races against
 * DynamoDB Local; this checks the branches one by one with the errors the client makes of
 * DynamoDB's documented refusals (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html#API_TransactWriteItems_Errors).
 */
import { strict as assert } from "node:assert";
import { AwsServiceError } from "../../handlers/stores/clients/aws-json";
import { ConditionalCheckFailedError, DynamoDocumentClient, TransactionCanceledError } from "../../handlers/stores/clients/dynamodb";
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

/** The log over a client whose every call fails with `error`. */
async function insertFailingWith(error: unknown, events: RecordedEvent[]): Promise<unknown> {
    const fail = () => Promise.reject(error);
    const client: DynamoDocumentClient = { get: fail, put: fail, update: fail, delete: fail, query: fail, transactWrite: fail };
    try {
        await dynamoEventLog(client, { eventsTable: "events", snapshotsTable: "snapshots" }).insert(events);
    } catch (err) {
        return err;
    }
    assert.fail("the insert should have failed");
}

describe("event store: DynamoDB conflicts recognised by the client's error classes", () => {
    it("a conditional put that found the version is a VersionTakenError", async () => {
        const err = await insertFailingWith(
            new ConditionalCheckFailedError(
                new AwsServiceError("ConditionalCheckFailedException", 400, "The conditional request failed", {
                    __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
                    message: "The conditional request failed",
                }),
            ),
            [event(1)],
        );
        assert.ok(err instanceof VersionTakenError);
    });

    it("a transaction cancelled by a condition or a conflicting transaction is a VersionTakenError; one cancelled otherwise is not", async () => {
        const cancelled = (...codes: string[]) =>
            new TransactionCanceledError(
                new AwsServiceError("TransactionCanceledException", 400, "Transaction cancelled", {
                    __type: "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
                    CancellationReasons: codes.map((Code) => ({ Code })),
                }),
            );
        assert.ok(
            (await insertFailingWith(cancelled("None", "ConditionalCheckFailed"), [event(1), event(2)])) instanceof VersionTakenError,
        );
        assert.ok((await insertFailingWith(cancelled("TransactionConflict", "None"), [event(1), event(2)])) instanceof VersionTakenError);
        const throttled = cancelled("ThrottlingError", "None");
        assert.equal(await insertFailingWith(throttled, [event(1), event(2)]), throttled);
    });

    it("an error that is only named like the client's is passed on as it is", async () => {
        const named = Object.assign(new Error("not from DynamoDB"), { name: "ConditionalCheckFailedException" });
        assert.equal(await insertFailingWith(named, [event(1)]), named);
    });
});
