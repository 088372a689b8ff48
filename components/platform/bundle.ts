/**
 * Bundles a cloud-neutral handler into a deployment package for one cloud with esbuild: the
 * generated wrapper (bundle-wrapper.ts) plus the package files (bundle-packages.ts). Output is
 * deterministic, memoized per process and kept on disk between runs (bundle-cache.ts) until the
 * content of one of the bundle's input files changes.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as esbuild from "esbuild";
import { Cloud } from "../cloud";
import { bundleCache, cacheDirectory, digestOf, InputStamp, stamp, unchanged } from "./bundle-cache";
import { packageFiles } from "./bundle-packages";
import { wrapperSource } from "./bundle-wrapper";
import { PACKAGE_ROOT } from "./package-root";
import { Bundle, BundleSpec } from "./types";

export { GCP_ENTRY_POINT, GCP_SIGNATURE_TYPE_ENV, gcpSignatureType, triggerRunsOn } from "./bundle-wrapper";

const ROOT = PACKAGE_ROOT;

/** The Node each function runs on (function-*.ts): Lambda nodejs24.x, Azure Functions Flex Consumption Node 24, Cloud Functions nodejs24. */
const TARGET: Record<Cloud, string> = { [Cloud.Aws]: "node24", [Cloud.Azure]: "node24", [Cloud.Gcp]: "node24" };

/** The Azure Functions worker provides this module; a bundled copy would never be registered with. */
const EXTERNAL: Record<Cloud, string[]> = { [Cloud.Aws]: [], [Cloud.Azure]: ["@azure/functions-core"], [Cloud.Gcp]: [] };

/**
 * Left out of every package (issue 17, sizes): pg's native client, which pg requires (as "./native",
 * from pg/lib/index.js, the only module in the dependency tree that imports that path) only for
 * `pg.native` or NODE_PG_FORCE_NATIVE, and which fails there anyway because pg-native, a C++
 * addon, is in no package. The require stays in the bundle and throws MODULE_NOT_FOUND, which
 * `pg.native` answers with null as it does without pg-native: 8 KiB less. esbuild's `alias` takes
 * package paths only, so a relative one is left out rather than replaced; it matches the import
 * path, so a user module importing a `./native` of its own would fail to load, naming it.
 */
const LIBRARY_EXTERNAL = ["./native"];

/** Library modules every package is built with in place of the one imported; each target file says why it is never reached. */
const LIBRARY_ALIASES: Record<string, string> = {
    pgpass: path.join(ROOT, "handlers/runtimes/pgpass-not-bundled.ts"),
    "is-unsafe": path.join(ROOT, "handlers/runtimes/xml-input-entities-refused.ts"),
};

/**
 * Modules each cloud's packages are built with in place of the one imported (issue 17, sizes):
 * - AWS: the SDK's default credential chain becomes its first link, the environment Lambda fills
 *   (handlers/runtimes/lambda-credentials.ts says why): 130 KiB less in every package with a client.
 * - Azure: `@azure/functions` ships one webpack bundle that esbuild cannot tree-shake (65 KiB
 *   minified), and beside it the TypeScript it was built from (`src/`, same version), from which
 *   esbuild keeps only what `app.http` / `app.serviceBusQueue` / `app.cosmosDB` reach: 31 KiB. Its
 *   classes assign every declared field in their constructors, so esbuild's class-field semantics
 *   (ES2022) and the package's own (tsc, ES6) give the same objects. `@azure/functions-extensions-base`'s
 *   ES module build exports only `default`, so its CommonJS build is taken (by file: its `exports` hide it).
 */
const ALIASES: Record<Cloud, Record<string, string>> = {
    [Cloud.Aws]: { "@aws-sdk/credential-provider-node": path.join(ROOT, "handlers/runtimes/lambda-credentials.ts") },
    [Cloud.Azure]: {
        "@azure/functions": "@azure/functions/src/index.ts",
        "@azure/functions-extensions-base": require.resolve("@azure/functions-extensions-base", {
            paths: [path.dirname(require.resolve("@azure/functions/package.json"))],
        }),
    },
    [Cloud.Gcp]: {},
};

/**
 * ES modules bundled into CommonJS lose `import.meta`; packages use `import.meta.url` to find
 * themselves (`createRequire(import.meta.url)`, paths beside the module). It becomes the bundle's
 * own URL, so those work, and a package looking for files it shipped fails naming the file.
 */
const IMPORT_META_URL = "__bundleImportMetaUrl";
const IMPORT_META_URL_BANNER = `const ${IMPORT_META_URL} = require("node:url").pathToFileURL(__filename).href;`;

const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * What a pattern's `components/<pattern>/functions.ts` exports as `functions`, for `npm run bundle`:
 * by function name, one spec built for every cloud its trigger runs on, or one spec per cloud for
 * a function whose code differs by cloud (only the listed clouds are built).
 */
export type PatternFunctions = Record<string, BundleSpec | Partial<Record<Cloud, BundleSpec>>>;

/** esbuild refused a bundle; `firstProblem` is its first message, with the file, line and column. */
export class BundleError extends Error {
    constructor(
        message: string,
        readonly firstProblem: string,
    ) {
        super(message);
        this.name = "BundleError";
    }
}

function firstProblemOf(err: unknown): string {
    const first = (err as Partial<esbuild.BuildFailure>).errors?.[0];
    if (!first) return (err as Error).message;
    const where = first.location ? `${first.location.file}:${first.location.line}:${first.location.column}: ` : "";
    return `${where}${first.text}`;
}

const memo = new Map<string, { bundle: Bundle; inputs: readonly InputStamp[] }>();
const disk = bundleCache(cacheDirectory());
/** esbuild's version and this file (its options, targets, externals): a change to either makes every disk entry stale. */
const BUILDER = `esbuild ${esbuild.version} ${digestOf(__filename)}`;

/**
 * The deployment package of `spec` for `cloud`:
 * - AWS: `index.js` exporting async `handler` (nodejs24.x, CommonJS, minified).
 * - Azure: `index.js` registering `functionName` with `app.http` / `app.serviceBusQueue` /
 *   `app.cosmosDB`, `host.json`, `package.json` (main = the bundle).
 * - GCP: `index.js` exporting {@link GCP_ENTRY_POINT}, and `package.json`.
 * Throws naming the bad field for an unknown trigger on this cloud, a missing entry or user module,
 * an export that is not there, or a function name the clouds reject.
 */
export function bundleFunction(spec: BundleSpec, cloud: Cloud, functionName: string): Bundle {
    validate(spec, functionName);
    const key = JSON.stringify([cloud, functionName, spec.entry, spec.exportName, spec.trigger, sortedEntries(spec.userModules)]);
    const cached = memo.get(key);
    if (cached && cached.inputs.every(unchanged)) return cached.bundle;
    const wrapper = wrapperSource(spec, cloud, functionName);
    const diskKey = JSON.stringify([BUILDER, key, wrapper]);
    let built = disk.read(diskKey);
    if (!built) {
        built = build(spec, cloud, functionName, wrapper);
        disk.write(diskKey, built);
    }
    const files: Record<string, string> = { "index.js": built.code, ...packageFiles(cloud, spec.trigger, functionName) };
    const bundle = { files, hash: hashFiles(files) };
    memo.set(key, { bundle, inputs: built.inputs });
    return bundle;
}

function validate(spec: BundleSpec, functionName: string): void {
    const where = `bundle '${functionName}'`;
    if (!FUNCTION_NAME.test(functionName)) {
        throw new Error(
            `${where}: function name must start with a letter and hold only letters, digits, '-' and '_' (at most 63), got '${functionName}'`,
        );
    }
    if (!IDENTIFIER.test(spec.exportName))
        throw new Error(`${where}: exportName must be a JavaScript identifier, got '${spec.exportName}'`);
    requireFile(spec.entry, `${where}: entry`);
    for (const [specifier, file] of sortedEntries(spec.userModules)) requireFile(file, `${where}: userModules['${specifier}']`);
}

function requireFile(file: string, what: string): void {
    if (!path.isAbsolute(file)) throw new Error(`${what} must be an absolute path, got '${file}'`);
    if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw new Error(`${what} is not a file: '${file}'`);
}

function sortedEntries(record: Readonly<Record<string, string>> | undefined): [string, string][] {
    return Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function build(spec: BundleSpec, cloud: Cloud, functionName: string, wrapper: string): { code: string; inputs: InputStamp[] } {
    let result: esbuild.BuildResult & { outputFiles: esbuild.OutputFile[]; metafile: esbuild.Metafile };
    try {
        result = esbuild.buildSync({
            stdin: { contents: wrapper, resolveDir: ROOT, loader: "ts", sourcefile: "wrapper.ts" },
            absWorkingDir: ROOT,
            bundle: true,
            platform: "node",
            target: TARGET[cloud],
            format: "cjs",
            // ES module builds first, so unused parts of the SDKs are tree-shaken away.
            mainFields: ["module", "main"],
            minify: true,
            define: { "import.meta.url": IMPORT_META_URL },
            banner: { js: IMPORT_META_URL_BANNER },
            legalComments: "none",
            external: [...EXTERNAL[cloud], ...LIBRARY_EXTERNAL],
            alias: { ...LIBRARY_ALIASES, ...ALIASES[cloud], ...Object.fromEntries(sortedEntries(spec.userModules)) },
            write: false,
            outfile: "index.js",
            metafile: true,
            logLevel: "silent",
        });
    } catch (err) {
        throw new BundleError(
            `bundle '${functionName}' for ${cloud} from ${spec.entry} failed: ${(err as Error).message}`,
            firstProblemOf(err),
        );
    }
    const inputs = Object.keys(result.metafile.inputs)
        .map((input) => path.resolve(ROOT, input))
        .filter((file) => fs.existsSync(file))
        .map(stamp);
    return { code: result.outputFiles[0].text, inputs };
}

/** sha256 over the file names and contents in name order. */
export function hashFiles(files: Readonly<Record<string, string>>): string {
    const hash = createHash("sha256");
    for (const [name, content] of sortedEntries(files)) hash.update(`${name}\0${Buffer.byteLength(content)}\0`).update(content);
    return hash.digest("hex");
}
