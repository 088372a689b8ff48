/**
 * Cloud Functions gen2 adapters, served by the real functions-framework 5 (`getTestServer`, Express 5)
 * on 127.0.0.1. Pub/Sub CloudEvents and Cloud Tasks requests are recorded payloads: no Cloud Tasks
 * emulator exists, and the events reach the function as these HTTP requests.
 */
import * as assert from "node:assert/strict";
import type { Server } from "node:http";
import * as functions from "@google-cloud/functions-framework";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import { gcpCloudTasks, gcpHttp, gcpPubSub, PubSubMessageData } from "../../handlers/runtimes/gcp";
import { Message } from "../../handlers/contracts";
import { broken, image, inspect, PNG_BYTES, rejectNegativeAmounts, throwingBatch } from "../fixtures/runtimes/handlers";
import {
    assertProblem,
    assertRecordedRequestSeen,
    fixture,
    httpCall,
    listenLocally,
    nodeAnswer,
    quietConsoleError,
    RECORDED_BODY,
    RECORDED_PATH,
} from "./support";

/** Registers `fn` with the framework and serves it; closed after the suite. */
function serve(name: string, register: (name: string) => void): { url: () => string } {
    let server: Server;
    let url = "";
    before(async () => {
        register(name);
        server = getTestServer(name);
        url = await listenLocally(server);
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return { url: () => url };
}

describe("runtimes/gcp gcpHttp (functions-framework test server on 127.0.0.1)", () => {
    const inspected = serve("runtimes-inspect", (n) => functions.http(n, gcpHttp(inspect)));
    const images = serve("runtimes-image", (n) => functions.http(n, gcpHttp(image)));
    const failing = serve("runtimes-broken", (n) => functions.http(n, gcpHttp(broken)));

    const post = (headers: Record<string, string | string[]> = {}) =>
        httpCall(`${inspected.url()}${RECORDED_PATH}`, {
            method: "POST",
            headers: {
                accept: ["application/json", "text/plain"],
                cookie: "session=abc123; theme=dark",
                "content-type": "application/octet-stream",
                ...headers,
            },
            body: RECORDED_BODY,
        });

    it("builds a Request from rawBody: path, query parameters, repeated headers joined, body bytes", async () => {
        const res = await post();
        assert.equal(res.status, 201);
        assertRecordedRequestSeen(res.body);
    });

    it("sends every Set-Cookie as its own header and joins repeated response headers", async () => {
        const res = await post();
        assert.deepEqual(res.headers["set-cookie"], ["a=1; Path=/; HttpOnly", "b=2; Path=/orders; Secure; SameSite=Strict; Max-Age=60"]);
        assert.equal(res.headers["vary"], "accept, cookie");
    });

    it("takes x-request-id from the framework's execution id unless the client sent one", async () => {
        assert.equal(JSON.parse((await post({ "function-execution-id": "exec-9" })).body.toString()).requestId, "exec-9");
        const generated = [await post(), await post()].map((res) => JSON.parse(res.body.toString()).requestId);
        assert.match(generated[0], /^\w{8,}$/);
        assert.notEqual(generated[0], generated[1]);
        assert.equal(
            JSON.parse((await post({ "x-request-id": "client-3", "function-execution-id": "exec-9" })).body.toString()).requestId,
            "client-3",
        );
    });

    it("still reads a body sent without a content type (the framework's parsers skip it)", async () => {
        const res = await httpCall(`${inspected.url()}/orders`, { method: "POST", body: RECORDED_BODY });
        assert.deepEqual(Buffer.from(JSON.parse(res.body.toString()).bodyBase64, "base64"), RECORDED_BODY);
    });

    it("keeps a binary response body byte for byte", async () => {
        const res = await httpCall(`${images.url()}/logo.png`);
        assert.deepEqual(new Uint8Array(res.body), PNG_BYTES);
    });

    it("answers 400 naming the reason for a GET that carries a body", async () => {
        const res = await httpCall(`${inspected.url()}/orders`, {
            method: "GET",
            headers: { "content-type": "text/plain", "content-length": "8" },
            body: "surprise",
        });
        assertProblem(nodeAnswer(res), {
            status: 400,
            title: "Bad Request",
            detail: /^the request cannot be read: .*GET/,
            instance: "/orders",
        });
    });

    // The framework's body parsers run before the function; without the adapter's hook each of
    // these is Express's HTML error page.
    for (const [what, headers, body, status, title, detail] of [
        ["malformed JSON", { "content-type": "application/json" }, '{"amount": 5,', 400, "Bad Request", /JSON/],
        [
            "JSON in a charset it does not decode",
            { "content-type": "application/json; charset=latin1" },
            "{}",
            415,
            "Unsupported Media Type",
            /charset/,
        ],
        [
            "a form with more fields than it parses",
            { "content-type": "application/x-www-form-urlencoded" },
            Array.from({ length: 1001 }, (_, i) => `f${i}=1`).join("&"),
            413,
            "Payload Too Large",
            /too many parameters/,
        ],
    ] as const) {
        it(`answers ${status} as a problem document for ${what}, which the framework refuses before the function runs`, async () => {
            const res = await httpCall(`${inspected.url()}/orders/7?x=1`, {
                method: "POST",
                headers: { ...headers, "x-request-id": "r-json" },
                body,
            });
            assertProblem(nodeAnswer(res), { status, title, detail, instance: "/orders/7", requestId: "r-json" });
        });
    }

    it("answers a logged 500 problem document when the handler throws", async () => {
        const { value, logged } = await quietConsoleError(() => httpCall(`${failing.url()}/x`, { headers: { "x-request-id": "r-7" } }));
        assertProblem(nodeAnswer(value), {
            status: 500,
            title: "Internal Server Error",
            detail: /request id r-7/,
            instance: "/x",
            requestId: "r-7",
        });
        assert.match(logged, /backend exploded/);
    });
});

describe("runtimes/gcp gcpPubSub (recorded Eventarc Pub/Sub CloudEvent)", () => {
    const recorded = () => fixture<functions.CloudEvent<PubSubMessageData>>("pubsub-cloudevent.json");
    const delivered: Message[] = [];
    const pushed = serve("runtimes-pubsub", (n) =>
        functions.cloudEvent<PubSubMessageData>(
            n,
            gcpPubSub(async (m) => (delivered.push(...m), rejectNegativeAmounts(m))),
        ),
    );

    /** A binary-mode CloudEvent push, as Eventarc delivers it over HTTP. */
    const push = (data: PubSubMessageData) => {
        const ce = recorded();
        return httpCall(pushed.url(), {
            method: "POST",
            headers: {
                "content-type": "application/json",
                "ce-specversion": "1.0",
                "ce-id": ce.id,
                "ce-source": ce.source,
                "ce-type": ce.type,
                "ce-time": ce.time ?? "",
            },
            body: JSON.stringify(data),
        });
    };

    it("decodes the base64 message data; id, attempt from deliveryAttempt, publish time, attributes", async () => {
        delivered.length = 0;
        const res = await push(recorded().data!);
        assert.equal(res.status, 204);
        assert.deepEqual(delivered, [
            {
                id: "12833791836045378",
                body: '{"orderId":"o9","amount":5}',
                attempt: 4,
                receivedAt: new Date("2026-11-25T21:40:01.123Z"),
                attributes: { tenant: "acme" },
            },
        ]);
    });

    it("answers non-2xx for a failed message so Pub/Sub redelivers it", async () => {
        const data = recorded().data!;
        const negative = { ...data, message: { ...data.message, data: Buffer.from('{"amount":-1}').toString("base64") } };
        const { value } = await quietConsoleError(() => push(negative));
        assert.equal(value.status, 500);
    });

    it("throws when the handler throws, and for an event without a message", async () => {
        await quietConsoleError(() => assert.rejects(gcpPubSub(throwingBatch)(recorded()), /12833791836045378 failed/));
        await assert.rejects(gcpPubSub(throwingBatch)({ ...recorded(), data: undefined }), /carries no Pub\/Sub message/);
    });
});

describe("runtimes/gcp gcpCloudTasks (recorded Cloud Tasks request headers)", () => {
    const recorded = () => fixture<{ headers: Record<string, string>; body: string }>("cloud-tasks-request.json");
    const delivered: Message[] = [];
    const tasks = serve("runtimes-tasks", (n) =>
        functions.http(
            n,
            gcpCloudTasks(async (m) => (delivered.push(...m), rejectNegativeAmounts(m))),
        ),
    );
    const throwing = serve("runtimes-tasks-throwing", (n) => functions.http(n, gcpCloudTasks(throwingBatch)));

    it("acknowledges with 2xx and delivers one message: id = task name, attempt = retry count + 1", async () => {
        delivered.length = 0;
        const r = recorded();
        const res = await httpCall(`${tasks.url()}/tasks/orders`, { method: "POST", headers: r.headers, body: r.body });
        assert.equal(res.status, 204);
        assert.deepEqual(delivered, [
            {
                id: "0462781920183749201",
                body: '{"orderId":"o-11","amount":8}',
                attempt: 3,
                receivedAt: new Date(1795470001123.456),
                attributes: {
                    "x-cloudtasks-queuename": "retry-orders",
                    "x-cloudtasks-taskexecutioncount": "2",
                    "x-cloudtasks-taskpreviousresponse": "500",
                    "x-cloudtasks-taskretryreason": "HTTP status code 500",
                },
            },
        ]);
    });

    it("answers 500 for a failed task and for a throwing handler, so Cloud Tasks retries with backoff", async () => {
        const r = recorded();
        const failed = await httpCall(tasks.url(), { method: "POST", headers: r.headers, body: '{"amount":-2}' });
        assertProblem(nodeAnswer(failed), {
            status: 500,
            title: "Internal Server Error",
            detail: /task 0462781920183749201 failed/,
            instance: "/",
        });
        const { value } = await quietConsoleError(() => httpCall(throwing.url(), { method: "POST", headers: r.headers, body: r.body }));
        assert.equal(value.status, 500);
    });

    it("answers 400 to a request without the Cloud Tasks task name", async () => {
        const res = await httpCall(tasks.url(), { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
        assertProblem(nodeAnswer(res), { status: 400, title: "Bad Request", detail: /X-CloudTasks-TaskName/, instance: "/" });
    });
});
