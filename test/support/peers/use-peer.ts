import type { PeerDefinition } from "../../../plan/dev/peers/peer";
import { startTimeoutMs } from "../../../plan/dev/peers/readiness";
import { acquire, expectUser, release, startCost, stopAll } from "./registry";
import { setupCost, setupTimeoutMs, unavailability } from "../../../plan/dev/peers/requirement";

let suiteCount = 0;
/** Peers whose skip line was printed. */
const reported = new Set<string>();

/** In CI a peer that cannot be had fails its suites; a developer's machine skips them with one line. */
const inCi = /^(true|1)$/i.test(process.env.CI ?? "");

/**
 * Mocha binding of a peer: registers a before() hook on the calling `describe`
 * (which gets what the peer needs, starts it, and adds the matching after() last)
 * and returns the suite's handle, readable from that before hook on.
 */
export function bindPeer<Handle extends object, Options>(definition: PeerDefinition<unknown, Handle, Options>, options?: Options): Handle {
    let handle: Handle | undefined;
    let close: (() => Promise<void>) | undefined;
    expectUser(definition.name);

    before(async function () {
        // Getting a missing requirement (apt-get, npm pack) has its own bound; the start gets the usual one after it.
        this.timeout(setupTimeoutMs + startTimeoutMs + 15_000);
        finishLast(this.test?.parent, `close ${definition.name} for this suite`, async () => {
            try {
                await close?.();
            } finally {
                handle = undefined;
                close = undefined;
                await release(definition.name);
            }
        });
        stopPeersAtEndOfRun(this.test?.parent);
        const unavailable = await unavailability(definition.name, definition.requires);
        if (unavailable) {
            if (inCi) throw unavailable;
            // One line per peer and run; mocha lists each of its suites' tests as pending.
            if (!reported.has(definition.name)) console.warn(`    ${unavailable.message}`);
            reported.add(definition.name);
            this.skip();
        }
        this.timeout(startTimeoutMs + 15_000);
        const shared = await acquire(definition as PeerDefinition<unknown, Handle, never>);
        suiteCount += 1;
        const opened = await definition.open(shared, options, `t${process.pid}n${suiteCount}`);
        handle = opened.handle;
        close = opened.close?.bind(opened);
    });

    return new Proxy({} as Handle, {
        get(_target, key) {
            // Promise resolution and inspection probe these; answer them without throwing.
            if (typeof key === "symbol" || key === "then" || key === "toJSON") return handle?.[key as keyof Handle];
            if (!handle)
                throw new Error(
                    `usePeer('${definition.name}').${key} was read before the suite's before() hook ran (read it inside before/it/after, not in the describe body)`,
                );
            return handle[key as keyof Handle];
        },
        has: (_target, key) => handle !== undefined && key in handle,
    });
}

/**
 * Adds an after() hook while the suite runs, so it comes after every after()
 * the suite defined: the suite closes its pools and clients first, then the peer
 * drops the suite's database (or stops) without cutting live connections.
 */
function finishLast(suite: Mocha.Suite | undefined, title: string, fn: () => Promise<void>): void {
    if (!suite) throw new Error("usePeer: its before() hook ran outside a suite");
    suite.afterAll(title, async function () {
        this.timeout(30_000);
        await fn();
    });
}

const hookedRoots = new WeakSet<Mocha.Suite>();

/** One root-level after() per run stops what is left (peers of suites that never ran) and reports what setting up and starting peers cost. */
function stopPeersAtEndOfRun(suite: Mocha.Suite | undefined): void {
    let root = suite;
    while (root?.parent) root = root.parent;
    if (!root || hookedRoots.has(root)) return;
    hookedRoots.add(root);
    root.afterAll("stop test peers", async function () {
        this.timeout(60_000);
        await stopAll();
        const setup = setupCost();
        if (setup) console.log(`\n  test peers set up in this run: ${setup}`);
        const cost = startCost();
        if (cost) console.log(`${setup ? "" : "\n"}  test peers started in this run: ${cost}`);
    });
}
