/**
 * A backend's own timeout is recognised by its own timer having fired, not by an error's name: it
 * is retried once for a GET and named in the answer, apart from the request's budget running out.
 */
import { strict as assert } from "node:assert";
import { callBackend } from "../../handlers/gateway-aggregation/backend-call";
import { useBackends } from "../fixtures/gateway-aggregation/backends";

describe("gateway aggregation: a backend's own timeout", function () {
    const backends = useBackends();
    const call = (method: string, url: string, timeoutMs: number, budgetMs = 2000) =>
        callBackend(
            { name: "users", url, timeoutMs, required: true },
            { method, url, requestId: "r-1", budgetMs, signal: new AbortController().signal },
        );

    it("reads as 'timed out after <timeoutMs> ms', a GET after its one retry", async () => {
        assert.deepEqual(await call("GET", `${backends.base}/slow/3000/users`, 100), {
            name: "users",
            ok: false,
            reason: "timed out after 100 ms (after 2 attempts)",
            cancelled: false,
        });
        assert.equal(backends.calls.length, 2);
    });

    it("is not retried for a POST", async () => {
        assert.deepEqual(await call("POST", `${backends.base}/slow/3000/users`, 100), {
            name: "users",
            ok: false,
            reason: "timed out after 100 ms",
            cancelled: false,
        });
        assert.equal(backends.calls.length, 1);
    });

    it("is not a connection failure: a refused connection still reads as 'could not be reached'", async () => {
        const outcome = await call("POST", `${backends.refused}/users`, 1000);
        assert.match(outcome.ok ? "" : outcome.reason, /^could not be reached \(ECONNREFUSED\)$/);
    });
});
