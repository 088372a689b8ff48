/** serveLocal: the node:http adapter for local runs, exercised over real sockets on 127.0.0.1. */
import * as assert from "node:assert/strict";
import { LocalServer, serveLocal } from "../../handlers/runtimes/local";
import { broken, image, inspect, PNG_BYTES } from "../fixtures/runtimes/handlers";
import { assertProblem, assertRecordedRequestSeen, httpCall, nodeAnswer, quietConsoleError, RECORDED_BODY, RECORDED_PATH } from "./support";

describe("runtimes/local serveLocal", () => {
    const servers: LocalServer[] = [];
    const serve = async (handler: Parameters<typeof serveLocal>[0]) => {
        const server = await serveLocal(handler);
        servers.push(server);
        return server.url;
    };
    after(() => Promise.all(servers.map((s) => s.close())));

    it("listens on 127.0.0.1 and passes path, query, repeated headers and body bytes", async () => {
        const url = await serve(inspect);
        assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
        const res = await httpCall(`${url}${RECORDED_PATH}`, {
            method: "POST",
            headers: { accept: ["application/json", "text/plain"], "content-type": "application/octet-stream" },
            body: RECORDED_BODY,
        });
        assert.equal(res.status, 201);
        assertRecordedRequestSeen(res.body, { cookies: false });
        assert.match(JSON.parse(res.body.toString()).requestId, /^[0-9a-f-]{36}$/);
        assert.deepEqual(res.headers["set-cookie"], ["a=1; Path=/; HttpOnly", "b=2; Path=/orders; Secure; SameSite=Strict; Max-Age=60"]);
        assert.equal(res.headers["vary"], "accept, cookie");
    });

    it("keeps the client's x-request-id, and a binary body byte for byte", async () => {
        const seen = JSON.parse((await httpCall(`${await serve(inspect)}/`, { headers: { "x-request-id": "mine" } })).body.toString());
        assert.equal(seen.requestId, "mine");
        assert.deepEqual(new Uint8Array((await httpCall(`${await serve(image)}/`)).body), PNG_BYTES);
    });

    it("answers 400 for a GET with a body and a logged 500 for a throwing handler", async () => {
        const bad = await httpCall(`${await serve(inspect)}/`, { method: "GET", headers: { "content-length": "3" }, body: "abc" });
        assertProblem(nodeAnswer(bad), { status: 400, title: "Bad Request", detail: /GET/, instance: "/" });
        const { value, logged } = await quietConsoleError(async () => httpCall(`${await serve(broken)}/`));
        assertProblem(nodeAnswer(value), { status: 500, title: "Internal Server Error", detail: /its log has the error/, instance: "/" });
        assert.match(logged, /backend exploded/);
    });

    it("rejects when the port is taken", async () => {
        const first = servers[0];
        const port = Number(new URL(first.url).port);
        await assert.rejects(serveLocal(inspect, { port }), /EADDRINUSE/);
    });
});
