/**
 * Lambda adapters, driven by recorded payloads (API Gateway HTTP API 2.0, SQS, DynamoDB Streams):
 * no emulator of these event sources exists here, so the fixtures are events as AWS sends them.
 */
import * as assert from "node:assert/strict";
import {
    ApiGatewayV2Event,
    ApiGatewayV2Result,
    DynamoDbStreamEvent,
    lambdaDynamoDbStream,
    lambdaHttp,
    lambdaSqs,
    SQS_RECEIPT_HANDLE_ATTRIBUTE,
    SqsEvent,
} from "../../handlers/runtimes/aws";
import { Message } from "../../handlers/contracts";
import { broken, image, inspect, PNG_BYTES, rejectNegativeAmounts, throwingBatch } from "../fixtures/runtimes/handlers";
import { assertProblem, assertRecordedRequestSeen, fixture, quietConsoleError } from "./support";

describe("runtimes/aws lambdaHttp (recorded API Gateway v2 events)", () => {
    const event = () => fixture<ApiGatewayV2Event>("apigw-v2-post.json");

    it("passes path, query parameters, repeated headers, cookies and the base64 body to the handler", async () => {
        const result = await lambdaHttp(inspect)(event());
        assert.equal(result.statusCode, 201);
        assert.equal(JSON.parse(result.body).method, "POST");
        assertRecordedRequestSeen(result.body);
    });

    it("returns each Set-Cookie in cookies and joins repeated response headers", async () => {
        const result = await lambdaHttp(inspect)(event());
        assert.deepEqual(result.cookies, ["a=1; Path=/; HttpOnly", "b=2; Path=/orders; Secure; SameSite=Strict; Max-Age=60"]);
        assert.equal(result.headers["vary"], "accept, cookie");
        assert.equal(result.headers["set-cookie"], undefined);
        assert.equal(result.isBase64Encoded, false);
    });

    it("sets x-request-id from the API Gateway request id unless the client sent one", async () => {
        assert.equal(JSON.parse((await lambdaHttp(inspect)(event())).body).requestId, "Bq2YdjWXDoEEMZw=");
        const withId = { ...event(), headers: { ...event().headers, "x-request-id": "client-1" } };
        assert.equal(JSON.parse((await lambdaHttp(inspect)(withId)).body).requestId, "client-1");
    });

    it("base64-encodes a binary response body and it decodes to the same bytes", async () => {
        const result = await lambdaHttp(image)(event());
        assert.equal(result.isBase64Encoded, true);
        assert.deepEqual(new Uint8Array(Buffer.from(result.body, "base64")), PNG_BYTES);
    });

    it("answers 400 naming the reason when no Request can be built (a GET with a body)", async () => {
        const getWithBody = { ...event(), requestContext: { ...event().requestContext, http: { method: "GET" } } };
        const result = await lambdaHttp(inspect)(getWithBody);
        assertProblem(lambdaAnswer(result), {
            status: 400,
            title: "Bad Request",
            detail: /^the request cannot be read: .*GET/,
            instance: "/orders/o-42/items",
            requestId: "Bq2YdjWXDoEEMZw=",
        });
    });

    for (const [what, value] of [
        ["a NUL byte", "a\u0000b"],
        ["a CR/LF", "a\r\nx-injected: 1"],
    ]) {
        it(`answers a 400 problem document for a header value the fetch API refuses (${what})`, async () => {
            const result = await lambdaHttp(inspect)({ ...event(), headers: { ...event().headers, "x-note": value } });
            assertProblem(lambdaAnswer(result), {
                status: 400,
                title: "Bad Request",
                detail: /^the request cannot be read: .*header/i,
                instance: "/orders/o-42/items",
                requestId: "Bq2YdjWXDoEEMZw=",
            });
        });
    }

    it("answers a logged 500 problem document with the request id when the handler throws", async () => {
        const { logged } = await quietConsoleError(async () => {
            const result = await lambdaHttp(broken)(event());
            const doc = assertProblem(lambdaAnswer(result), {
                status: 500,
                title: "Internal Server Error",
                detail: /request id Bq2YdjWXDoEEMZw=/,
                instance: "/orders/o-42/items",
                requestId: "Bq2YdjWXDoEEMZw=",
            });
            assert.doesNotMatch(JSON.stringify(doc), /backend exploded/, "the error stays in the log");
        });
        assert.match(logged, /backend exploded/);
    });
});

function lambdaAnswer(result: ApiGatewayV2Result) {
    return {
        status: result.statusCode,
        contentType: result.headers["content-type"],
        body: result.body,
        requestIdHeader: result.headers["x-request-id"],
    };
}

describe("runtimes/aws lambdaSqs (recorded SQS batch)", () => {
    const event = () => fixture<SqsEvent>("sqs-batch.json");

    it("maps records to messages: id, body, attempt from ApproximateReceiveCount, sent time, attributes, receipt handle", async () => {
        const seen: Message[] = [];
        await lambdaSqs(async (messages) => (seen.push(...messages), []))(event());
        assert.equal(seen.length, 2);
        assert.deepEqual(seen[0], {
            id: "059f36b4-87a3-44ab-83d2-661975830a7d",
            body: '{"orderId":"o-1","amount":12.5}',
            attempt: 1,
            receivedAt: new Date(1795470001000),
            attributes: { tenant: "acme", [SQS_RECEIPT_HANDLE_ATTRIBUTE]: "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a..." },
        });
        assert.equal(seen[1].attempt, 3);
    });

    it("reports the ids the handler failed as batchItemFailures", async () => {
        assert.deepEqual(await lambdaSqs(rejectNegativeAmounts)(event()), {
            batchItemFailures: [{ itemIdentifier: "2e1424d4-f796-459a-8184-9c92662be6da" }],
        });
    });

    it("fails every message of the batch when the handler throws", async () => {
        const result = await quietConsoleError(() => lambdaSqs(throwingBatch)(event()));
        assert.deepEqual(
            result.value.batchItemFailures.map((f) => f.itemIdentifier),
            ["059f36b4-87a3-44ab-83d2-661975830a7d", "2e1424d4-f796-459a-8184-9c92662be6da"],
        );
    });

    it("fails the whole batch when the handler reports an id that was not in it", async () => {
        const result = await quietConsoleError(() => lambdaSqs(async () => ["not-a-message"])(event()));
        assert.equal(result.value.batchItemFailures.length, 2);
        assert.match(result.logged, /not-a-message/);
    });
});

describe("runtimes/aws lambdaDynamoDbStream (recorded stream batch)", () => {
    const event = () => fixture<DynamoDbStreamEvent>("dynamodb-stream-batch.json");

    it("gives each record as JSON of eventName, keys and unmarshalled images, id = SequenceNumber", async () => {
        const seen: Message[] = [];
        await lambdaDynamoDbStream(async (messages) => (seen.push(...messages), []))(event());
        assert.deepEqual(
            seen.map((m) => m.id),
            ["111100000000005012345671", "111200000000005012345672", "111300000000005012345673"],
        );
        assert.deepEqual(JSON.parse(seen[0].body), {
            eventName: "INSERT",
            keys: { pk: "order#o-1", version: 1 },
            newImage: {
                pk: "order#o-1",
                version: 1,
                type: "OrderPlaced",
                tags: ["new", "web"],
                payload: { amount: 12.5, paid: false, note: null },
                blob: "AAEC",
            },
        });
        assert.deepEqual(JSON.parse(seen[1].body).oldImage, { pk: "order#o-2", version: 2, status: "packed" });
        assert.equal(JSON.parse(seen[2].body).newImage, undefined);
        assert.deepEqual(seen[0].receivedAt, new Date(1795470001 * 1000));
    });

    it("reports failed sequence numbers, and every one when the handler throws", async () => {
        const failSecond = lambdaDynamoDbStream(async (messages) => [messages[1].id]);
        assert.deepEqual(await failSecond(event()), { batchItemFailures: [{ itemIdentifier: "111200000000005012345672" }] });
        const all = await quietConsoleError(() => lambdaDynamoDbStream(throwingBatch)(event()));
        assert.equal(all.value.batchItemFailures.length, 3);
    });

    it("takes an EventBridge Pipe's payload (the records as an array), and fails the invocation when a record failed", async () => {
        const seen: Message[] = [];
        const piped = lambdaDynamoDbStream(async (messages) => (seen.push(...messages), []));
        assert.deepEqual(await piped(event().Records), { batchItemFailures: [] });
        assert.equal(seen.length, 3);
        // A Pipe retries a batch only when its synchronous target fails.
        const failSecond = lambdaDynamoDbStream(async (messages) => [messages[1].id]);
        await assert.rejects(failSecond(event().Records), /1 of 3 stream records failed: 111200000000005012345672/);
    });

    it("fails only the record it cannot read (a number beyond double precision) and delivers the rest", async () => {
        const records = event().Records.map((r, i) =>
            i === 0 ? { ...r, dynamodb: { ...r.dynamodb, Keys: { pk: { S: "x" }, version: { N: "123456789012345678901234567890" } } } } : r,
        );
        const seen: Message[] = [];
        const result = await quietConsoleError(() => lambdaDynamoDbStream(async (m) => (seen.push(...m), []))({ Records: records }));
        assert.deepEqual(result.value, { batchItemFailures: [{ itemIdentifier: "111100000000005012345671" }] });
        assert.equal(seen.length, 2);
    });
});
