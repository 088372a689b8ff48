/**
 * The AWS JSON protocol caller against answers written from the protocol's published shapes
 * (https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html) and the SDK's retry rules,
 * for what DynamoDB Local, the local SQS and the Secrets Manager stand-ins will not do on demand:
 * throttle, fail with a 5xx, name an error by header. The calls themselves run against those
 * peers in the stores', queues' and secrets' own tests.
 */
import { strict as assert } from "node:assert";
import { AwsJsonService, AwsServiceError, awsJsonClient } from "../../handlers/stores/clients/aws-json";

const SERVICE: AwsJsonService = {
    signingName: "dynamodb",
    endpointId: "DYNAMODB",
    targetPrefix: "DynamoDB_20120810",
    jsonVersion: "1.0",
    maxAttempts: 3,
    baseDelayMs: 1,
};
const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "example", sessionToken: "token" };

interface Answer {
    readonly status: number;
    readonly body?: unknown;
    readonly headers?: Record<string, string>;
}

function recorded(...answers: Answer[]) {
    const calls: { url: string; headers: Record<string, string>; body: unknown }[] = [];
    const fetch = async (url: string, init: { headers: Record<string, string>; body?: string }) => {
        calls.push({ url, headers: init.headers, body: JSON.parse(init.body ?? "null") });
        const answer = answers[Math.min(calls.length, answers.length) - 1];
        const text = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body ?? {});
        return new Response(text, { status: answer.status, headers: answer.headers });
    };
    return { calls, fetch };
}

const client = (fetch: ReturnType<typeof recorded>["fetch"], endpoint?: string) =>
    awsJsonClient(SERVICE, { region: "eu-west-1", credentials, fetch, ...(endpoint ? { endpoint } : {}) });

describe("AWS JSON protocol caller", () => {
    it("posts the input to the region's endpoint with the target, the JSON version and a SigV4 signature for the service", async () => {
        const peer = recorded({ status: 200, body: { Item: { id: { S: "a" } } } });
        const out = await client(peer.fetch)("GetItem", { TableName: "t", Key: { id: { S: "a" } } });
        assert.deepEqual(out, { Item: { id: { S: "a" } } });
        const [call] = peer.calls;
        assert.equal(call.url, "https://dynamodb.eu-west-1.amazonaws.com");
        assert.equal(call.headers["x-amz-target"], "DynamoDB_20120810.GetItem");
        assert.equal(call.headers["content-type"], "application/x-amz-json-1.0");
        assert.match(call.headers.authorization, /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/dynamodb\/aws4_request, /);
        assert.equal(call.headers["x-amz-security-token"], "token");
        assert.deepEqual(call.body, { TableName: "t", Key: { id: { S: "a" } } });
    });

    it("takes the endpoint from the option, else AWS_ENDPOINT_URL_<ID>, as the SDK does", async () => {
        const peer = recorded({ status: 200 });
        await client(peer.fetch, "http://127.0.0.1:1")("ListTables", {});
        process.env.AWS_ENDPOINT_URL_DYNAMODB = "http://127.0.0.1:2";
        try {
            await client(peer.fetch)("ListTables", {});
        } finally {
            delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
        }
        assert.deepEqual(
            peer.calls.map((c) => c.url),
            ["http://127.0.0.1:1", "http://127.0.0.1:2"],
        );
    });

    it("names the error by its shape, the namespace before # and the detail after : dropped, and does not retry a client error", async () => {
        const peer = recorded({
            status: 400,
            body: { __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", message: "The conditional request failed" },
        });
        const err = await client(peer.fetch)("PutItem", {}).catch((e: unknown) => e);
        assert.ok(err instanceof AwsServiceError);
        assert.equal(err.code, "ConditionalCheckFailedException");
        assert.equal(err.status, 400);
        assert.match(err.message, /The conditional request failed/);
        assert.equal(peer.calls.length, 1);

        const byHeader = recorded({
            status: 400,
            body: { Message: "no such queue" },
            headers: { "x-amzn-errortype": "QueueDoesNotExist:http://internal" },
        });
        const named = await client(byHeader.fetch)("SendMessage", {}).catch((e: unknown) => e);
        assert.ok(named instanceof AwsServiceError);
        assert.equal(named.code, "QueueDoesNotExist");
        assert.match(named.message, /no such queue/);
    });

    it("retries throttling and 5xx answers (a page that is not JSON too), then answers", async () => {
        const peer = recorded(
            {
                status: 400,
                body: { __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException", message: "slow down" },
            },
            { status: 502, body: "<html>bad gateway</html>" },
            { status: 200, body: { Count: 0 } },
        );
        assert.deepEqual(await client(peer.fetch)("Query", {}), { Count: 0 });
        assert.equal(peer.calls.length, 3);
    });

    it("gives up after the service's attempts with the last error", async () => {
        const peer = recorded({ status: 500, body: { __type: "InternalServerError", message: "oops" } });
        const err = await client(peer.fetch)("Query", {}).catch((e: unknown) => e);
        assert.ok(err instanceof AwsServiceError);
        assert.equal(err.code, "InternalServerError");
        assert.equal(peer.calls.length, SERVICE.maxAttempts);
    });

    it("retries a reset connection, and not a request it could not build", async () => {
        let calls = 0;
        const reset = async () => {
            calls++;
            if (calls === 1)
                throw new TypeError("fetch failed", { cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) });
            return Response.json({});
        };
        await client(reset)("Query", {});
        assert.equal(calls, 2);
        const err = await awsJsonClient(SERVICE, {
            region: "eu-west-1",
            credentials: async () => Promise.reject(new Error("no keys")),
            fetch: reset,
        })("Query", {}).catch((e: unknown) => e);
        assert.match(String(err), /no keys/);
        assert.equal(calls, 2);
    });
});
