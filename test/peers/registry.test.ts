import * as assert from "node:assert/strict";
import { PeerStartError } from "../support/peers";
import type { PeerDefinition } from "../../plan/dev/peers/peer";
import { acquire, expectUser, release } from "../support/peers/registry";

/** A peer that only counts what the registry asks of it. */
function countingPeer(name: string, start: (attempt: number) => Promise<void> = async () => undefined) {
    const calls = { starts: 0, stops: 0 };
    const definition: PeerDefinition<string, object> = {
        name,
        requires: [],
        async start() {
            calls.starts += 1;
            await start(calls.starts);
            return { shared: `${name}-instance`, pids: () => [], stop: async () => void (calls.stops += 1), kill: () => undefined };
        },
        open: async () => ({ handle: {} }),
    };
    return { definition, calls };
}

describe("peers: registry", () => {
    it("starts one instance for all its suites, and stops it when the last one finishes", async () => {
        const { definition, calls } = countingPeer("counted-peer");
        expectUser("counted-peer");
        expectUser("counted-peer");
        const first = await acquire(definition);
        await release("counted-peer");
        assert.deepEqual(calls, { starts: 1, stops: 0 }, "a suite still to come keeps the peer up");
        assert.equal(await acquire(definition), first);
        await release("counted-peer");
        assert.deepEqual(calls, { starts: 1, stops: 1 });
    });

    it("tries a peer that died at start once more (its free port may have been taken meanwhile)", async () => {
        const { definition, calls } = countingPeer("port-race-peer", async (attempt) => {
            if (attempt === 1)
                throw new PeerStartError("port-race-peer", "peer --port 4000", "exited early with code 1", "address already in use", true);
        });
        expectUser("port-race-peer");
        assert.equal(await acquire(definition), "port-race-peer-instance");
        await release("port-race-peer");
        assert.deepEqual(calls, { starts: 2, stops: 1 });
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
