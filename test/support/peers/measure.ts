/**
 * Starts each peer alone (getting what it needs first, as a test run would),
 * reports its start time, its memory and its stop time, then stops it: `npx ts-node --transpile-only test/support/peers/measure.ts [name...]`.
 * Numbers for docs/testing.md, not assertions.
 */
import { peers, type PeerName } from "./index";
import { residentMiB } from "../../../plan/dev/peers/process";
import { setupCost, unavailability } from "../../../plan/dev/peers/requirement";

async function measure(name: PeerName): Promise<string> {
    const definition = peers[name];
    const unavailable = await unavailability(name, definition.requires);
    if (unavailable) return unavailable.message;
    const rssBefore = process.memoryUsage().rss;
    const startedAt = performance.now();
    const started = await definition.start();
    const startMs = performance.now() - startedAt;
    let memory: string;
    try {
        const opened = await definition.open(started.shared, undefined, `m${process.pid}`);
        await opened.close?.();
        const pids = started.pids();
        memory =
            pids.length > 0
                ? `${residentMiB(pids)} MiB RSS in ${pids.length} process(es)`
                : `+${Math.round((process.memoryUsage().rss - rssBefore) / 2 ** 20)} MiB RSS in this process`;
    } catch (error) {
        await started.stop();
        throw error;
    }
    const stoppingAt = performance.now();
    await started.stop();
    return `${name}: start ${Math.round(startMs)} ms, ${memory}, stop ${Math.round(performance.now() - stoppingAt)} ms`;
}

async function main(): Promise<void> {
    const names = (process.argv.length > 2 ? process.argv.slice(2) : Object.keys(peers)) as PeerName[];
    for (const name of names) console.log(await measure(name));
    const setup = setupCost();
    if (setup) console.log(`set up first: ${setup}`);
}

main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
