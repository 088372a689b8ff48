import * as assert from "node:assert/strict";
import type { PeerDefinition } from "../support/peers/peer";
import { acquire, release, stop } from "../support/peers/registry";

/** A peer that only counts what the registry asks of it. */
function countingPeer(name: string, start: () => Promise<void> = async () => undefined) {
    const calls = { starts: 0, stops: 0 };
    const definition: PeerDefinition<string, object> = {
        name,
        install: "nothing",
        absent: () => undefined,
        async start() {
            calls.starts += 1;
            await start();
            return { shared: `${name}-instance`, pids: () => [], stop: async () => void (calls.stops += 1), kill: () => undefined };
        },
        open: async () => ({ handle: {} }),
    };
    return { definition, calls };
}

describe("peers: registry", () => {
    it("starts one instance for all users, and stops it once", async () => {
        const { definition, calls } = countingPeer("counted-peer");
        const [first, second] = await Promise.all([acquire(definition), acquire(definition)]);
        assert.equal(first, "counted-peer-instance");
        assert.equal(second, first);
        release("counted-peer");
        release("counted-peer");
        await stop("counted-peer");
        assert.deepEqual(calls, { starts: 1, stops: 1 });
    });

    it("hands a failed start to later users at once, without starting it again", async () => {
        const { definition, calls } = countingPeer("broken-peer", async () => {
            throw new Error("test peer 'broken-peer' failed to start: exited early with code 1");
        });
        await assert.rejects(acquire(definition), /^Error: test peer 'broken-peer' failed to start/);
        await assert.rejects(acquire(definition), /\(failed earlier in this run\) test peer 'broken-peer' failed to start/);
        assert.equal(calls.starts, 1);
    });
});
