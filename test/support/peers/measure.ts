/**
 * Starts each peer alone, reports its start time, its memory and its stop time,
 * then stops it: `npx ts-node --transpile-only test/support/peers/measure.ts [name...]`.
 * Numbers for docs/testing.md, not assertions.
 */
import { peers, type PeerName } from "./index";
import { residentMiB } from "./process";

async function measure(name: PeerName): Promise<string> {
    const definition = peers[name];
    const reason = definition.absent();
    if (reason) return `${name}: absent (${reason})`;
    const rssBefore = process.memoryUsage().rss;
    const startedAt = performance.now();
    const started = await definition.start();
    const startMs = performance.now() - startedAt;
    let memory: string;
    try {
        const opened = await definition.open(started.shared, undefined, `m${process.pid}`);
        await opened.close?.();
        const pids = started.pids();
        memory = pids.length > 0 ? `${residentMiB(pids)} MiB RSS in ${pids.length} process(es)` : `+${Math.round((process.memoryUsage().rss - rssBefore) / 2 ** 20)} MiB RSS in this process`;
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
}

main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
