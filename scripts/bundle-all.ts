/**
 * `npm run bundle`: builds every function of every pattern for every cloud it runs on into
 * `dist/functions/<cloud>/<function>/`. A pattern lists its functions in `components/<pattern>/functions.ts`
 * as `export const functions: PatternFunctions` (components/platform/bundle.ts), each an entry under
 * `handlers/<pattern>/entries/` (docs/runtimes.md, "Entries"); a pattern without that file is skipped.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Cloud } from "../components/cloud";
import { bundleFunction, PatternFunctions, triggerRunsOn } from "../components/platform/bundle";
import { writeBundle } from "../components/platform/bundle-write";
import { BundleSpec } from "../components/platform/types";

export interface BuiltFunction {
    readonly pattern: string;
    readonly cloud: Cloud;
    readonly name: string;
    /** The handler entry bundled (handlers/<pattern>/entries/<cloud>-<role>.ts for the repository's patterns). */
    readonly entry: string;
    readonly trigger: BundleSpec["trigger"];
    readonly dir: string;
    readonly hash: string;
    /** Size of index.js in bytes. */
    readonly bytes: number;
    readonly milliseconds: number;
}

/** Every `components/<pattern>/functions.ts` under `componentsDir`, by pattern name. */
export function findFunctionModules(componentsDir: string): { pattern: string; file: string }[] {
    return fs
        .readdirSync(componentsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => ({ pattern: entry.name, file: path.join(componentsDir, entry.name, "functions.ts") }))
        .filter(({ file }) => fs.existsSync(file))
        .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

function loadFunctions(pattern: string, file: string): PatternFunctions {
    const exported = (require(file) as { functions?: unknown }).functions;
    if (typeof exported !== "object" || exported === null) {
        throw new Error(`${file}: pattern '${pattern}' must export 'functions: PatternFunctions' (scripts/bundle-all.ts)`);
    }
    return exported as PatternFunctions;
}

/** The (cloud, spec) pairs to build for one entry of {@link PatternFunctions}. */
function perCloud(entry: PatternFunctions[string]): [Cloud, BundleSpec][] {
    if ("entry" in entry)
        return Object.values(Cloud)
            .filter((cloud) => triggerRunsOn(cloud, entry.trigger))
            .map((cloud) => [cloud, entry as BundleSpec]);
    return Object.values(Cloud).flatMap((cloud): [Cloud, BundleSpec][] => (entry[cloud] ? [[cloud, entry[cloud]]] : []));
}

/** Builds and writes every function; throws on the first that fails, naming it. */
export function bundleAll(componentsDir: string, outDir: string): BuiltFunction[] {
    const built: BuiltFunction[] = [];
    for (const { pattern, file } of findFunctionModules(componentsDir)) {
        for (const [name, entry] of Object.entries(loadFunctions(pattern, file))) {
            for (const [cloud, spec] of perCloud(entry)) {
                const started = performance.now();
                const bundle = bundleFunction(spec, cloud, name);
                const milliseconds = performance.now() - started;
                const dir = path.join(outDir, cloud, name);
                writeBundle(bundle, dir);
                built.push({
                    pattern,
                    cloud,
                    name,
                    entry: spec.entry,
                    trigger: spec.trigger,
                    dir,
                    hash: bundle.hash,
                    bytes: Buffer.byteLength(bundle.files["index.js"]),
                    milliseconds,
                });
            }
        }
    }
    return built;
}

if (require.main === module) {
    const root = path.resolve(__dirname, "..");
    const outDir = path.join(root, "dist", "functions");
    const built = bundleAll(path.join(root, "components"), outDir);
    for (const b of built) {
        console.log(
            `${b.cloud.padEnd(5)} ${b.name.padEnd(32)} ${(b.bytes / 1024).toFixed(1).padStart(8)} KB ${b.milliseconds.toFixed(0).padStart(5)} ms  ${b.hash.slice(0, 12)}  ${path.relative(root, b.entry)}`,
        );
    }
    console.log(`${built.length} function packages written to ${path.relative(process.cwd(), outDir) || outDir}`);
}
