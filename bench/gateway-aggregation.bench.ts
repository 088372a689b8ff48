/**
 * Gateway Aggregation: what parallel fan-out buys. K backends on 127.0.0.1 each answer after
 * D ms; the aggregator's latency is printed as a ratio to the floor (one backend call, measured)
 * and to calling the K backends one after another (measured), for a few K. Then the size of
 * the function's deployment package on each cloud, and what loading one cloud's provider SDK
 * (the lazy require) saves over loading all three.
 */
import { spawn, spawnSync } from "node:child_process";
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
const ROUNDS = 15;
const WARM_UP = 3;

async function median(rounds: number, run: () => Promise<unknown>): Promise<number> {
    for (let i = 0; i < WARM_UP; i++) await run();
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
        const start = process.hrtime.bigint();
        await run();
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
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
        const floor = await median(2 * ROUNDS, async () => (await fetch(url(0).replace("{id}", "1"))).json());
        console.log(`D = ${DELAY_MS} ms per backend; one direct call (the floor) takes ${floor.toFixed(1)} ms (median of ${2 * ROUNDS})`);
        console.log("   K | aggregator ms | sequential ms | aggregator/floor | aggregator/sequential | aggregator/(K x D)");
        for (const k of FAN_OUT) {
            const doc = {
                route: "GET /aggregate/{id}",
                timeoutMs: 10_000,
                backends: Array.from({ length: k }, (_, i) => ({ name: `svc${i}`, url: url(i) })),
            };
            const handle = createAggregator(readFunctionConfig(parseSettings, { CLOUD_PATTERNS_CONFIG: JSON.stringify(doc) }), merge);
            const aggregated = await median(ROUNDS, async () => {
                const response = await handle(new Request("https://gateway.local/aggregate/1"));
                if (response.status !== 200) throw new Error(`aggregator answered ${response.status}: ${await response.text()}`);
                await response.arrayBuffer();
            });
            const sequential = await median(Math.min(ROUNDS, 5), async () => {
                for (let i = 0; i < k; i++) await (await fetch(url(i).replace("{id}", "1"))).json();
            });
            console.log(
                `${String(k).padStart(4)} | ${aggregated.toFixed(1).padStart(13)} | ${sequential.toFixed(1).padStart(13)} | ` +
                    `${(aggregated / floor).toFixed(2).padStart(16)} | ${(aggregated / sequential).toFixed(2).padStart(21)} | ${(aggregated / (k * DELAY_MS)).toFixed(2).padStart(18)}`,
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
