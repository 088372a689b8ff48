/**
 * Azure Functions v4 adapters, run with the library's own `HttpRequest` and `InvocationContext`
 * (constructible without the Functions host). Service Bus and Cosmos DB change feed deliveries are
 * recorded payloads: no Service Bus or change feed emulator exists here.
 */
import * as assert from "node:assert/strict";
import { HttpRequest, HttpResponse, InvocationContext } from "@azure/functions";
import { azureCosmosChangeFeed, azureHttp, azureServiceBus, parseSetCookie } from "../../handlers/runtimes/azure";
import { Message } from "../../handlers/contracts";
import { broken, image, inspect, PNG_BYTES, rejectNegativeAmounts, throwingBatch } from "../fixtures/runtimes/handlers";
import { assertProblem, assertRecordedRequestSeen, fixture, quietConsoleError, RECORDED_BODY, RECORDED_PATH } from "./support";

function request(overrides: Partial<ConstructorParameters<typeof HttpRequest>[0]> = {}): HttpRequest {
    return new HttpRequest({
        method: "POST",
        url: `https://orders-func.azurewebsites.net${RECORDED_PATH}`,
        // The host hands repeated request headers over joined, as one value.
        headers: {
            accept: "application/json, text/plain",
            cookie: "session=abc123; theme=dark",
            "content-type": "application/octet-stream",
        },
        body: { bytes: RECORDED_BODY },
        ...overrides,
    });
}

const context = () => new InvocationContext({ invocationId: "5d8a3f3e-0f4c-4c2b-9f0a-2d9a4c1e7b11", functionName: "orders" });

describe("runtimes/azure azureHttp (HttpRequest / InvocationContext from @azure/functions)", () => {
    it("builds a real Request: path, query parameters, joined headers, cookies, body bytes", async () => {
        const response = await azureHttp(inspect)(request(), context());
        assert.equal(response.status, 201);
        assertRecordedRequestSeen(Buffer.from(response.body as Uint8Array));
    });

    it("sets x-request-id to the invocation id unless the client sent one", async () => {
        const seen = async (req: HttpRequest) =>
            JSON.parse(Buffer.from((await azureHttp(inspect)(req, context())).body as Uint8Array).toString("utf8"));
        assert.equal((await seen(request())).requestId, "5d8a3f3e-0f4c-4c2b-9f0a-2d9a4c1e7b11");
        assert.equal((await seen(request({ headers: { "x-request-id": "client-7" } }))).requestId, "client-7");
    });

    it("returns every Set-Cookie as a cookie object the worker accepts, and joins repeated headers", async () => {
        const init = await azureHttp(inspect)(request(), context());
        assert.deepEqual(init.cookies, [
            { name: "a", value: "1", path: "/", httpOnly: true },
            { name: "b", value: "2", path: "/orders", secure: true, sameSite: "Strict", maxAge: 60 },
        ]);
        const headers = init.headers as Record<string, string>;
        assert.equal(headers["vary"], "accept, cookie");
        assert.equal(headers["set-cookie"], undefined);
        // The worker turns the handler's result into an HttpResponse; it must keep both cookies.
        assert.equal(new HttpResponse(init).cookies.length, 2);
    });

    it("keeps a binary response body byte for byte", async () => {
        const init = await azureHttp(image)(request({ method: "GET", body: undefined }), context());
        assert.deepEqual(new Uint8Array(init.body as Uint8Array), PNG_BYTES);
        assert.equal((init.headers as Record<string, string>)["content-type"], "image/png");
    });

    it("answers a logged 500 carrying the invocation id when the handler throws", async () => {
        const { value, logged } = await quietConsoleError(() => azureHttp(broken)(request(), context()));
        const headers = value.headers as Record<string, string>;
        assertProblem(
            {
                status: value.status ?? 0,
                contentType: headers["content-type"],
                body: value.body as Uint8Array,
                requestIdHeader: headers["x-request-id"],
            },
            {
                status: 500,
                title: "Internal Server Error",
                detail: /its log has the error/,
                instance: new URL(request().url).pathname,
                requestId: "5d8a3f3e-0f4c-4c2b-9f0a-2d9a4c1e7b11",
            },
        );
        assert.match(logged, /backend exploded/);
    });

    // The 400 for a request no fetch Request can be built from is not reachable here: the library's
    // own HttpRequest constructor already rejects such requests (e.g. CONNECT) before the adapter runs.

    it("drops attributes the worker cannot carry instead of failing the response", () => {
        assert.deepEqual(parseSetCookie("s=1; Expires=someday; Max-Age=soon; Partitioned; Priority=High; HttpOnly"), {
            name: "s",
            value: "1",
            httpOnly: true,
        });
    });

    it("parses Set-Cookie attributes: Domain, Expires, SameSite=None; a value with '=' stays whole", () => {
        assert.deepEqual(parseSetCookie("t=a=b==; Domain=example.com; Expires=Wed, 25 Nov 2026 21:00:00 GMT; SameSite=None; Secure"), {
            name: "t",
            value: "a=b==",
            domain: "example.com",
            expires: new Date("2026-11-25T21:00:00Z"),
            sameSite: "None",
            secure: true,
        });
    });
});

interface RecordedServiceBus {
    message: unknown;
    invocationId: string;
    triggerMetadata: Record<string, unknown>;
}

describe("runtimes/azure azureServiceBus (recorded Service Bus trigger metadata)", () => {
    const recorded = () => fixture<RecordedServiceBus>("servicebus-queue-message.json");
    const contextOf = (r: RecordedServiceBus) =>
        new InvocationContext({ invocationId: r.invocationId, triggerMetadata: r.triggerMetadata });

    it("delivers one message: id, JSON body, attempt from deliveryCount, enqueued time, properties", async () => {
        const r = recorded();
        const seen: Message[] = [];
        await azureServiceBus(async (m) => (seen.push(...m), []))(r.message, contextOf(r));
        assert.deepEqual(seen, [
            {
                id: "a1b2c3d4e5f64789a0b1c2d3e4f5a6b7",
                body: '{"orderId":"o-7","amount":30}',
                attempt: 2,
                receivedAt: new Date("2026-11-25T21:40:01.123Z"),
                attributes: { tenant: "acme", priority: "2" },
            },
        ]);
    });

    it("throws when the handler fails the message, so Service Bus redelivers and finally dead-letters it", async () => {
        const r = { ...recorded(), message: { orderId: "o-7", amount: -3 } };
        await assert.rejects(
            azureServiceBus(rejectNegativeAmounts)(r.message, contextOf(r)),
            /a1b2c3d4e5f64789a0b1c2d3e4f5a6b7 failed \(attempt 2\)/,
        );
    });

    it("throws when the handler throws", async () => {
        const r = recorded();
        await quietConsoleError(() => assert.rejects(azureServiceBus(throwingBatch)(r.message, contextOf(r)), /will be redelivered/));
    });
});

describe("runtimes/azure azureCosmosChangeFeed (recorded change feed batch)", () => {
    const recorded = () => fixture<{ invocationId: string; documents: unknown[] }>("cosmos-change-feed.json");

    it("turns documents into messages: id, document JSON, _ts, and attempt from the retry context", async () => {
        const r = recorded();
        const seen: Message[] = [];
        const ctx = new InvocationContext({ invocationId: r.invocationId, retryContext: { retryCount: 2, maxRetryCount: -1 } });
        await azureCosmosChangeFeed(async (m) => (seen.push(...m), []))(r.documents, ctx);
        assert.deepEqual(
            seen.map((m) => m.id),
            ["order-o-1", "order-o-2"],
        );
        assert.equal(JSON.parse(seen[0].body).type, "OrderShipped");
        assert.equal(seen[0].attempt, 3);
        assert.deepEqual(seen[0].receivedAt, new Date(1795470001 * 1000));
        assert.equal(seen[1].attributes.lsn, "18");
    });

    it("throws naming the failed documents, so the whole batch is retried", async () => {
        const r = recorded();
        const failSecond = azureCosmosChangeFeed(async (m) => [m[1].id]);
        await assert.rejects(failSecond(r.documents, new InvocationContext()), /1 of 2 change feed documents failed \(order-o-2\)/);
        await quietConsoleError(() => assert.rejects(azureCosmosChangeFeed(throwingBatch)(r.documents, new InvocationContext()), /2 of 2/));
    });
});
