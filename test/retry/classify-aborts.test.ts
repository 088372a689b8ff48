/** Timeouts and aborts are recognised by what they are (DOMException code, Node's ABORT_ERR), not by `name`. */
import { strict as assert } from "node:assert";
import { setTimeout as sleep } from "node:timers/promises";
import { classifyError } from "../../handlers/retry/classify";

async function rejection(promise: Promise<unknown>): Promise<unknown> {
    try {
        await promise;
    } catch (err) {
        return err;
    }
    assert.fail("expected a rejection");
}

describe("retry: classifyError on timeouts and aborts", () => {
    it("says 'timed out' for AbortSignal.timeout's TimeoutError, an aborted fetch's AbortError and Node's AbortError", async () => {
        const signal = AbortSignal.timeout(1);
        await sleep(20);
        const aborted = new AbortController();
        aborted.abort();
        const errors = [
            signal.reason,
            await rejection(fetch("http://127.0.0.1:9/", { signal: aborted.signal })),
            await rejection(sleep(10_000, undefined, { signal: aborted.signal })),
        ];
        for (const err of errors) {
            const outcome = classifyError(err);
            assert.equal(outcome.kind, "transient");
            assert.match(outcome.reason, /^timed out \(/, `${(err as Error).name}: ${outcome.reason}`);
        }
    });

    it("does not take an error's name for what it is: a plain Error named TimeoutError is an unknown transient error", () => {
        for (const name of ["TimeoutError", "AbortError"]) {
            const outcome = classifyError(Object.assign(new Error("just named so"), { name }));
            assert.deepEqual(outcome, { kind: "transient", reason: `${name}: just named so` });
        }
    });

    it("does not count another DOMException (a DataCloneError) as a timeout", () => {
        assert.doesNotMatch(classifyError(new DOMException("cannot clone", "DataCloneError")).reason, /timed out/);
    });
});
