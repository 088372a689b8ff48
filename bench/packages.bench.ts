/**
 * Function packages: the size of every package `npm run bundle` builds and its init time under
 * the cloud's own runtime, as a ratio to the same runtime starting an empty package (the floor,
 * measured in the same run):
 *
 * - AWS: the real Lambda Runtime Interface Client (npm `aws-lambda-ric`, as Lambda's Node images run
 *   it), from spawning it until it asks this bench's Runtime API for the first invocation, which it
 *   does once the handler module is loaded.
 * - GCP: the real functions-framework CLI (`--target handler --source <package>`), from spawning it
 *   until its port accepts a connection.
 * - Azure: no Functions host runs here, so Node requiring index.js (with a stand-in for the
 *   worker's `@azure/functions-core`, as test/runtimes does), from spawning it until it has.
 *
 * Goal (issue 17): every deployed function ≤ 500 KiB, and an HTTP one ≤ 150 KiB (as the gateway's
 * already are); test/runtimes/bundle-all.test.ts asserts it, naming the HTTP packages still over.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import { createServer, createConnection } from "node:net";
import type { AddressInfo } from "node:net";
import { createServer as createHttpServer } from "node:http";
import * as path from "node:path";
import { Cloud } from "../components/cloud";
import { GCP_ENTRY_POINT, GCP_SIGNATURE_TYPE_ENV, gcpSignatureType } from "../components/platform/bundle-wrapper";
import { bundleAll, BuiltFunction } from "../scripts/bundle-all";

const ROOT = path.resolve(__dirname, "..");
/** Under the project, so a GCP package resolves functions-framework from its node_modules as after `npm install`. */
const OUT = path.join(ROOT, ".cache", "bench-packages");
const RIC = require.resolve("aws-lambda-ric/index.mjs", { paths: [ROOT] });
const FRAMEWORK = path.join(path.dirname(require.resolve("@google-cloud/functions-framework", { paths: [ROOT] })), "main.js");
const RUNS = 3;
const KIB = 1024;
const GOAL_KIB = 500;
const HTTP_GOAL_KIB = 150;
const goalKib = (fn: Pick<BuiltFunction, "trigger">): number => (fn.trigger.kind === "http" ? HTTP_GOAL_KIB : GOAL_KIB);

const AZURE_CORE_STAND_IN = `module.exports = { setProgrammingModel() {}, registerFunction() { return { dispose() {} }; } };`;

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function freePort(): Promise<number> {
    return new Promise((resolve) => {
        const server = createServer().listen(0, "127.0.0.1", () => {
            const { port } = server.address() as AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

/** Milliseconds from spawning `child` until `ready` resolves; the child is killed after. */
async function timeUntil(start: () => ChildProcess, ready: (child: ChildProcess) => Promise<void>): Promise<number> {
    const started = performance.now();
    const child = start();
    try {
        await ready(child);
        return performance.now() - started;
    } finally {
        child.kill();
    }
}

function exited(child: ChildProcess, what: string): Promise<never> {
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((_, reject) => child.on("exit", (code) => reject(new Error(`${what} exited with ${code}: ${stderr.slice(-500)}`))));
}

/** The RIC asks for its first invocation once the handler is loaded; the request is held open. */
async function awsInit(dir: string): Promise<number> {
    let asked!: () => void;
    const firstNext = new Promise<void>((resolve) => (asked = resolve));
    const api = createHttpServer((req) => {
        if (req.url === "/2018-06-01/runtime/invocation/next") asked();
    });
    await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
    try {
        const env = {
            PATH: process.env.PATH,
            AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${(api.address() as AddressInfo).port}`,
            LAMBDA_TASK_ROOT: dir,
            _HANDLER: "index.handler",
            AWS_REGION: "eu-west-1",
            AWS_LAMBDA_FUNCTION_NAME: "bench",
            AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "256",
        };
        return await timeUntil(
            () => spawn(process.execPath, [RIC], { cwd: dir, env, stdio: ["ignore", "ignore", "pipe"] }),
            (child) => Promise.race([firstNext, exited(child, "the Lambda RIC")]),
        );
    } finally {
        api.closeAllConnections();
        api.close();
    }
}

async function acceptsConnections(port: number): Promise<void> {
    for (;;) {
        const open = await new Promise<boolean>((resolve) => {
            const socket = createConnection(port, "127.0.0.1", () => resolve(true)).on("error", () => resolve(false));
            socket.unref();
        });
        if (open) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
}

async function gcpInit(dir: string, signatureType: string): Promise<number> {
    const port = await freePort();
    return timeUntil(
        () =>
            spawn(process.execPath, [FRAMEWORK, `--target=${GCP_ENTRY_POINT}`, `--source=${dir}`, `--port=${port}`], {
                env: { PATH: process.env.PATH, [GCP_SIGNATURE_TYPE_ENV]: signatureType },
                stdio: ["ignore", "ignore", "pipe"],
            }),
        (child) => Promise.race([acceptsConnections(port), exited(child, "functions-framework")]),
    );
}

async function azureInit(dir: string): Promise<number> {
    const core = path.join(dir, "node_modules", "@azure", "functions-core");
    fs.mkdirSync(core, { recursive: true });
    fs.writeFileSync(path.join(core, "index.js"), AZURE_CORE_STAND_IN);
    const script = `require(${JSON.stringify(path.join(dir, "index.js"))}); process.stdout.write("loaded")`;
    return timeUntil(
        () => spawn(process.execPath, ["-e", script], { env: { PATH: process.env.PATH }, stdio: ["ignore", "pipe", "pipe"] }),
        (child) =>
            Promise.race([new Promise<void>((resolve) => child.stdout?.once("data", () => resolve())), exited(child, "node (Azure)")]),
    );
}

function initOf(fn: Pick<BuiltFunction, "cloud" | "dir" | "trigger">): Promise<number> {
    switch (fn.cloud) {
        case Cloud.Aws:
            return awsInit(fn.dir);
        case Cloud.Gcp:
            return gcpInit(fn.dir, gcpSignatureType(fn.trigger));
        case Cloud.Azure:
            return azureInit(fn.dir);
    }
}

/**
 * Medians of the function's init and the floor's, the two run in turns: on a loaded machine the
 * load moves within seconds, so a floor measured once at the start would not be the same moment's.
 */
async function medianInitInTurns(
    fn: Pick<BuiltFunction, "cloud" | "dir" | "trigger">,
    floor: Pick<BuiltFunction, "cloud" | "dir" | "trigger">,
): Promise<{ init: number; floor: number }> {
    const inits: number[] = [];
    const floors: number[] = [];
    for (let i = 0; i < RUNS; i++) {
        floors.push(await initOf(floor));
        inits.push(await initOf(fn));
    }
    return { init: median(inits), floor: median(floors) };
}

/** An empty package per cloud: what the runtime itself takes to start. */
function emptyPackage(cloud: Cloud): Pick<BuiltFunction, "cloud" | "dir" | "trigger"> {
    const dir = path.join(OUT, "empty", cloud);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "index.js"), "exports.handler = async () => ({ statusCode: 204 });\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "empty", version: "1.0.0", main: "index.js" }));
    return { cloud, dir, trigger: { kind: "http" } };
}

async function main(): Promise<void> {
    fs.rmSync(OUT, { recursive: true, force: true });
    const built = bundleAll(path.join(ROOT, "components"), OUT);
    const empty = new Map(Object.values(Cloud).map((cloud) => [cloud, emptyPackage(cloud)]));
    console.log(
        `Init medians of ${RUNS}, each function in turns with an empty package on the same runtime (the floor): ` +
            "AWS under the Lambda RIC, GCP under functions-framework, Azure by node require (no Functions host here)",
    );
    console.log(`Goal: ≤ ${GOAL_KIB} KiB per function, ≤ ${HTTP_GOAL_KIB} KiB for an HTTP one.`);
    console.log("  cloud | function                             | trigger            | index.js KiB | init ms | floor ms | init/floor");
    let over = 0;
    for (const fn of [...built].sort((a, b) => a.cloud.localeCompare(b.cloud) || a.name.localeCompare(b.name))) {
        const { init, floor } = await medianInitInTurns(fn, empty.get(fn.cloud)!);
        const kib = fn.bytes / KIB;
        const isOver = kib > goalKib(fn);
        if (isOver) over++;
        console.log(
            `  ${fn.cloud.padEnd(5)} | ${fn.name.padEnd(36)} | ${fn.trigger.kind.padEnd(18)} | ${`${isOver ? "over " : ""}${kib.toFixed(1)}`.padStart(12)} | ` +
                `${init.toFixed(0).padStart(7)} | ${floor.toFixed(0).padStart(8)} | ${(init / floor).toFixed(2).padStart(10)}`,
        );
    }
    console.log(`${built.length} packages, ${over} over the goal`);
}

main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
});
