/**
 * The AWS publisher function as the Pipe invokes it: the real bundle the component deploys, called
 * with the Pipe's payload (the stream records as a JSON array), its SDK clients pointed at a
 * loopback server that answers PutEvents and SendMessage as the EventBridge and SQS JSON protocols
 * do (no EventBridge or SQS emulator exists; the answers follow the APIs' documented shapes, a
 * refused entry being one with an ErrorCode at its index). It proves what reaches the bus and the
 * dead-letter queue; it cannot prove the Pipe's own retries and dead-lettering, which need AWS.
 */
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { Cloud } from "../../components/cloud";
import { streamPublisherBundle } from "../../components/event-sourcing/functions";
import { bundleFunction } from "../../components/platform/bundle";
import type { Message } from "../../handlers/contracts";
import { CHANGE_DECODERS } from "../../handlers/cqrs/changes";
import type { BusEntry, PublishDeadLetter } from "../../handlers/event-sourcing/stream-publisher";
import { quietConsoleError } from "../runtimes/support";

type PipeHandler = (records: object[]) => Promise<unknown>;

interface Peer {
    /** Every PutEvents call's entries. */
    readonly puts: BusEntry[][];
    /** Every dead letter the queue took. */
    readonly letters: PublishDeadLetter[];
    /** Decides, per put entry, whether EventBridge refuses it. */
    refuse: (entry: BusEntry, call: number) => boolean;
    sqsDown: boolean;
}

function eventItem(stream: string, version: number) {
    return {
        streamId: stream,
        version,
        eventId: `${stream}-${version}`,
        type: "Deposited",
        data: JSON.stringify({ amount: version * 10 }),
        metadata: "{}",
        recordedAt: "2024-01-31T15:00:00.000Z",
    };
}

/** One record of the Pipe's payload, as DynamoDB Streams writes it (NEW_IMAGE). */
function streamRecord(item: ReturnType<typeof eventItem> | Record<string, unknown>, sequence: string, eventName = "INSERT") {
    return {
        eventID: `id-${sequence}`,
        eventName,
        eventVersion: "1.1",
        eventSource: "aws:dynamodb",
        awsRegion: "us-east-1",
        eventSourceARN: "arn:aws:dynamodb:us-east-1:123456789012:table/es-events/stream/2024-01-01T00:00:00.000",
        dynamodb: {
            ApproximateCreationDateTime: 1706713200,
            Keys: marshall({ streamId: item.streamId, version: item.version }),
            NewImage: marshall(item),
            SequenceNumber: sequence,
            SizeBytes: 200,
            StreamViewType: "NEW_IMAGE",
        },
    };
}

async function serve(peer: Peer): Promise<Server> {
    const server = createServer(async (req, res) => {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        const target = String(req.headers["x-amz-target"]);
        const answer = (status: number, contentType: string, json: object) => {
            res.writeHead(status, { "content-type": contentType }).end(JSON.stringify(json));
        };
        if (target === "AWSEvents.PutEvents") {
            const entries = body.Entries as BusEntry[];
            peer.puts.push(entries);
            const call = peer.puts.length;
            const results = entries.map((e, i) =>
                peer.refuse(e, call) ? { ErrorCode: "InternalFailure", ErrorMessage: "try again" } : { EventId: `ev-${call}-${i}` },
            );
            answer(200, "application/x-amz-json-1.1", {
                FailedEntryCount: results.filter((r) => "ErrorCode" in r).length,
                Entries: results,
            });
        } else if (target === "AmazonSQS.SendMessage") {
            if (peer.sqsDown) return answer(500, "application/x-amz-json-1.0", { __type: "InternalError", message: "down" });
            peer.letters.push(JSON.parse(body.MessageBody));
            answer(200, "application/x-amz-json-1.0", {
                MessageId: `m-${peer.letters.length}`,
                MD5OfMessageBody: createHash("md5").update(body.MessageBody).digest("hex"),
            });
        } else answer(400, "application/json", { message: `unexpected target ${target}` });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return server;
}

describe("Event Sourcing AWS publisher (Pipe -> publisher Lambda -> EventBridge, dead letters to SQS)", function () {
    this.timeout(60_000);
    const peer: Peer = { puts: [], letters: [], refuse: () => false, sqsDown: false };
    let server: Server;
    let dir: string;
    let handler: PipeHandler;
    const saved = { ...process.env };

    before(async () => {
        server = await serve(peer);
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        dir = mkdtempSync(join(tmpdir(), "event-sourcing-publisher-"));
        for (const [file, text] of Object.entries(bundleFunction(streamPublisherBundle(), Cloud.Aws, "es-publisher").files))
            writeFileSync(join(dir, file), text);
        Object.assign(process.env, {
            AWS_REGION: "us-east-1",
            AWS_ACCESS_KEY_ID: "test",
            AWS_SECRET_ACCESS_KEY: "test",
            AWS_ENDPOINT_URL_EVENTBRIDGE: url,
            AWS_ENDPOINT_URL_SQS: url,
            CLOUD_PATTERNS_CONFIG: JSON.stringify({
                busName: "es-events",
                source: "cloud-patterns.event-sourcing",
                detailType: "EventRecorded",
                deadLetterQueueUrl: `${url}/123456789012/es-publish-dlq`,
            }),
        });
        handler = require(join(dir, "index.js")).handler;
    });
    beforeEach(() => {
        peer.puts.length = 0;
        peer.letters.length = 0;
        peer.refuse = () => false;
        peer.sqsDown = false;
    });
    after(() => {
        for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
        Object.assign(process.env, saved);
        server?.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    /** What a CQRS projector reads from the EventBridge event of this entry (handlers/cqrs/changes.ts). */
    const projected = (entry: BusEntry) => {
        const event = { source: entry.Source, "detail-type": entry.DetailType, detail: JSON.parse(entry.Detail) };
        const message: Message = { id: "q-1", body: JSON.stringify(event), attempt: 1, receivedAt: new Date(), attributes: {} };
        return CHANGE_DECODERS["event-sourcing"](message);
    };

    it("puts each event on the bus as the Pipe did (source, detail-type, the stream record in detail), readable by CQRS", async () => {
        await handler([streamRecord(eventItem("acct-1", 1), "100"), streamRecord(eventItem("acct-1", 2), "101")]);
        assert.equal(peer.puts.length, 1);
        const [first, second] = peer.puts[0];
        assert.deepEqual(
            [first.EventBusName, first.Source, first.DetailType],
            ["es-events", "cloud-patterns.event-sourcing", "EventRecorded"],
        );
        assert.deepEqual(unmarshall(JSON.parse(first.Detail).dynamodb.NewImage), eventItem("acct-1", 1));
        assert.deepEqual(projected(second), { kind: "event", id: "acct-1", version: 2, type: "Deposited", data: { amount: 20 } });
        assert.equal(peer.letters.length, 0);
    });

    it("puts again only the entries EventBridge refused, and dead-letters nothing once they are taken", async () => {
        peer.refuse = (entry, call) => call === 1 && JSON.parse(entry.Detail).dynamodb.SequenceNumber === "201";
        await quietConsoleError(() => handler([streamRecord(eventItem("a", 1), "200"), streamRecord(eventItem("a", 2), "201")]));
        assert.deepEqual(
            peer.puts.map((entries) => entries.map((e) => JSON.parse(e.Detail).dynamodb.SequenceNumber)),
            [["200", "201"], ["201"]],
        );
        assert.equal(peer.letters.length, 0);
    });

    it("dead-letters a record EventBridge keeps refusing whole, as the entry to put again, and the Pipe moves on", async () => {
        peer.refuse = (entry) => JSON.parse(entry.Detail).dynamodb.SequenceNumber === "301";
        const { value } = await quietConsoleError(() =>
            handler([streamRecord(eventItem("b", 1), "300"), streamRecord(eventItem("b", 2), "301")]),
        );
        assert.deepEqual(value, { batchItemFailures: [] }, "the invocation succeeds: nothing for the Pipe to retry");
        assert.equal(peer.puts.length, 3, "three puts of the refused entry, the first with the whole batch");
        assert.equal(peer.letters.length, 1);
        const [letter] = peer.letters;
        assert.deepEqual([letter.id, letter.reason], ["301", "InternalFailure: try again"]);
        // What the Pipe's own dead-letter queue never had: the event itself, ready to put again.
        assert.deepEqual(letter.entry, peer.puts[2][0]);
        assert.deepEqual(projected(letter.entry!), { kind: "event", id: "b", version: 2, type: "Deposited", data: { amount: 20 } });
    });

    it("dead-letters a record that is not an inserted event with the record itself, and publishes the rest", async () => {
        const { value } = await quietConsoleError(() =>
            handler([streamRecord(eventItem("c", 1), "400", "MODIFY"), streamRecord(eventItem("c", 2), "401")]),
        );
        assert.deepEqual(value, { batchItemFailures: [] });
        assert.deepEqual(
            peer.puts.flat().map((e) => JSON.parse(e.Detail).dynamodb.SequenceNumber),
            ["401"],
        );
        assert.equal(peer.letters.length, 1);
        assert.equal(peer.letters[0].id, "400");
        assert.match(peer.letters[0].reason, /not an inserted event: eventName "MODIFY"/);
        assert.equal(peer.letters[0].entry, undefined);
        assert.deepEqual(JSON.parse(peer.letters[0].record!).newImage, eventItem("c", 1));
    });

    it("fails the invocation when the dead-letter queue is down too, so the Pipe retries the batch and nothing is lost", async () => {
        peer.refuse = () => true;
        peer.sqsDown = true;
        const { value } = await quietConsoleError(() =>
            handler([streamRecord(eventItem("d", 1), "500")]).then(
                () => "resolved",
                (err: Error) => err.message,
            ),
        );
        assert.match(String(value), /1 of 1 stream records failed: 500/);
    });
});
