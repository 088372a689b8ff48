/**
 * Gateway Aggregation: what parallel fan-out buys. K backends on 127.0.0.1 each answer after
 * D ms; the aggregator's latency is printed as a ratio to the floor (the same K calls made in
 * parallel by the client itself), to one backend call and to calling the K backends one after
 * another, all measured, for a few K, with the CPU time each takes here and the connections opened. Then the size of
 * the function's deployment package on each cloud, and what loading one cloud's provider SDK
 * (the lazy require) saves over loading all three.
 */
import { spawn, spawnSync } from "node:child_process";
import { subscribe } from "node:diagnostics_channel";
import { once } from "node:events";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { Cloud } from "../components/cloud";
import { aggregatorBundle } from "../components/gateway-aggregation/functions";
import { bundleFunction } from "../components/platform/bundle";
import { readFunctionConfig } from "../handlers/config";
import { createAggregator } from "../handlers/gateway-aggregation/aggregator";
import { merge } from "../handlers/gateway-aggregation/default-merge";
import { parseSettings } from "../handlers/gateway-aggregation/settings";

const DELAY_MS = 40;
const FAN_OUT = [1, 2, 4, 8, 16];
const ROUNDS = 21;
const WARM_UP = 3;

interface Sample {
    readonly ms: number;
    /** CPU time of this process (user + system) during the call. */
    readonly cpuMs: number;
    /** Connections fetch (undici) opened during the call; the aggregator and the client share its dispatcher. */
    readonly connections: number;
}

let connectionsOpened = 0;
subscribe("undici:client:connected", () => connectionsOpened++);

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function sample(run: () => Promise<unknown>): Promise<Sample> {
    const opened = connectionsOpened;
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    await run();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const { user, system } = process.cpuUsage(cpu);
    return { ms, cpuMs: (user + system) / 1000, connections: connectionsOpened - opened };
}

/**
 * Medians of each run (connections: the mean after the warm-up), taken in turns within every round, so a burst of load from elsewhere on
 * the machine falls on all of them alike rather than on whichever happened to be running.
 */
async function interleaved<K extends string>(rounds: number, runs: Record<K, () => Promise<unknown>>): Promise<Record<K, Sample>> {
    const names = Object.keys(runs) as K[];
    const samples = Object.fromEntries(names.map((n) => [n, [] as Sample[]])) as Record<K, Sample[]>;
    for (let i = 0; i < WARM_UP + rounds; i++) {
        for (const name of names) {
            const s = await sample(runs[name]);
            if (i >= WARM_UP) samples[name].push(s);
        }
    }
    const medians = names.map((n) => {
        const of = samples[n];
        const connections = of.reduce((sum, s) => sum + s.connections, 0) / of.length;
        return [n, { ms: median(of.map((s) => s.ms)), cpuMs: median(of.map((s) => s.cpuMs)), connections }];
    });
    return Object.fromEntries(medians) as Record<K, Sample>;
}

/** The backends in their own process, so they do not share the aggregator's event loop. */
async function startBackendProcess(): Promise<{ base: string; stop(): void }> {
    const fixture = join(__dirname, "../test/fixtures/gateway-aggregation/backends.ts");
    const child = spawn(
        process.execPath,
        [
            "-r",
            "ts-node/register/transpile-only",
            "-e",
            `require(${JSON.stringify(fixture)}).startBackends().then((b) => console.log(b.base))`,
        ],
        {
            stdio: ["ignore", "pipe", "inherit"],
        },
    );
    const [line] = (await once(child.stdout, "data")) as [Buffer];
    return { base: line.toString().trim(), stop: () => child.kill() };
}

async function fanOut(): Promise<void> {
    const backends = await startBackendProcess();
    try {
        const url = (i: number) => `${backends.base}/slow/${DELAY_MS}/svc${i}/{id}`;
        const call = async (i: number) => (await fetch(url(i).replace("{id}", "1"))).json();
        const { one } = await interleaved(2 * ROUNDS, { one: () => call(0) });
        console.log(`D = ${DELAY_MS} ms per backend; one direct call takes ${one.ms.toFixed(1)} ms (median of ${2 * ROUNDS})`);
        console.log(
            "The floor: the same K calls made in parallel by the client itself (fetch, Promise.all), in turns with the aggregator.",
        );
        console.log(
            "   K | aggregator ms | floor ms | sequential ms | aggregator/floor | aggregator/one call | aggregator/sequential | CPU ms aggregator / floor | connections opened per call (aggregator / floor)",
        );
        for (const k of FAN_OUT) {
            const doc = {
                route: "GET /aggregate/{id}",
                timeoutMs: 10_000,
                backends: Array.from({ length: k }, (_, i) => ({ name: `svc${i}`, url: url(i) })),
            };
            const handle = createAggregator(readFunctionConfig(parseSettings, { CLOUD_PATTERNS_CONFIG: JSON.stringify(doc) }), merge);
            const calls = Array.from({ length: k }, (_, i) => i);
            const { aggregator, floor } = await interleaved(ROUNDS, {
                aggregator: async () => {
                    const response = await handle(new Request("https://gateway.local/aggregate/1"));
                    if (response.status !== 200) throw new Error(`aggregator answered ${response.status}: ${await response.text()}`);
                    await response.arrayBuffer();
                },
                floor: () => Promise.all(calls.map(call)),
            });
            const { sequential } = await interleaved(Math.min(ROUNDS, 5), {
                sequential: async () => {
                    for (const i of calls) await call(i);
                },
            });
            console.log(
                `${String(k).padStart(4)} | ${aggregator.ms.toFixed(1).padStart(13)} | ${floor.ms.toFixed(1).padStart(8)} | ${sequential.ms.toFixed(1).padStart(13)} | ` +
                    `${(aggregator.ms / floor.ms).toFixed(2).padStart(16)} | ${(aggregator.ms / one.ms).toFixed(2).padStart(19)} | ` +
                    `${(aggregator.ms / sequential.ms).toFixed(2).padStart(21)} | ${`${aggregator.cpuMs.toFixed(1)} / ${floor.cpuMs.toFixed(1)}`.padStart(25)} | ` +
                    `${`${aggregator.connections.toFixed(2)} / ${floor.connections.toFixed(2)}`.padStart(46)}`,
            );
        }
    } finally {
        backends.stop();
    }
}

function bundleSizes(): void {
    console.log("\nDeployment package of the aggregator (default merge):");
    console.log("  cloud | index.js bytes | all files gzip bytes | bundle ms (cold)");
    for (const cloud of [Cloud.Aws, Cloud.Azure, Cloud.Gcp]) {
        const start = process.hrtime.bigint();
        const { files } = bundleFunction(aggregatorBundle(), cloud, "gateway-aggregation");
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        const gzip = Object.values(files).reduce((sum, text) => sum + gzipSync(text).length, 0);
        console.log(
            `  ${cloud.padEnd(5)} | ${String(files["index.js"].length).padStart(14)} | ${String(gzip).padStart(19)} | ${ms.toFixed(0).padStart(16)}`,
        );
    }
}

/** Time to `require` the provider SDKs in a fresh process: what the lazy per-cloud require saves. */
function providerLoadTimes(): void {
    const time = (modules: string[]): number => {
        const script = `const s=process.hrtime.bigint();${modules.map((m) => `require(${JSON.stringify(m)});`).join("")}console.log(Number(process.hrtime.bigint()-s)/1e6)`;
        const runs = Array.from({ length: 3 }, () =>
            Number(spawnSync(process.execPath, ["-e", script], { encoding: "utf8" }).stdout.trim()),
        );
        return runs.sort((a, b) => a - b)[1];
    };
    const sdks = { aws: "@pulumi/aws", azure: "@pulumi/azure-native", gcp: "@pulumi/gcp" };
    const all = time(["@pulumi/pulumi", ...Object.values(sdks)]);
    console.log("\nProvider SDK load (fresh process, median of 3, @pulumi/pulumi included):");
    console.log(`  all three SDKs: ${all.toFixed(0)} ms`);
    for (const [cloud, sdk] of Object.entries(sdks)) {
        const one = time(["@pulumi/pulumi", sdk]);
        console.log(`  only ${cloud.padEnd(5)} ${one.toFixed(0).padStart(5)} ms  (${(one / all).toFixed(2)} of loading all three)`);
    }
}

async function main(): Promise<void> {
    const silence = console.warn;
    console.warn = () => undefined;
    try {
        await fanOut();
    } finally {
        console.warn = silence;
    }
    bundleSizes();
    providerLoadTimes();
}

main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
});
