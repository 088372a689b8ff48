/**
 * Bundles kept on disk between runs, so a program evaluated again (`pulumi preview`, `plan`,
 * `costs`) does not run esbuild for functions whose inputs have not changed. An entry is used
 * only when every input file esbuild read still has the digest it had at build time; the key
 * holds everything else the output depends on (the wrapper source, the cloud, esbuild's version
 * and this bundler's own code).
 *
 * Where: `$CLOUD_PATTERNS_CACHE_DIR` when set (`off` turns the cache off); else, installed as a
 * package, `node_modules/.cache/cloud-patterns/bundles` (the find-cache-dir convention, which
 * `npm ci` clears); else, in this repository, `.cache/bundles`.
 */
import { createHash, randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { PACKAGE_ROOT } from "./package-root";

/** An input file and the digest of its content when the bundle was built. */
export interface InputStamp {
    readonly file: string;
    readonly digest: string;
}

/** What one entry keeps: the bundled code and the inputs it was built from. */
export interface CachedBuild {
    readonly code: string;
    readonly inputs: readonly InputStamp[];
}

export function cacheDirectory(env: NodeJS.ProcessEnv = process.env, root: string = PACKAGE_ROOT): string | undefined {
    const chosen = env.CLOUD_PATTERNS_CACHE_DIR;
    if (chosen === "off") return undefined;
    if (chosen) return path.resolve(chosen);
    const parts = root.split(path.sep);
    const nodeModules = parts.lastIndexOf("node_modules");
    return nodeModules >= 0
        ? path.join(parts.slice(0, nodeModules + 1).join(path.sep), ".cache", "cloud-patterns", "bundles")
        : path.join(root, ".cache", "bundles");
}

/**
 * Digests this process has taken, by path and what stat says of the file: the functions of one
 * program share most inputs, so each is read and hashed once per run, not once per function.
 */
const digests = new Map<string, { readonly seen: string; readonly digest: string }>();

// Content, not mtime, is what an entry records: between runs an edit within the clock's
// resolution must still rebuild. Within a run, a file whose size, mtime and inode are as when it
// was hashed is taken to be unchanged.
export function digestOf(file: string): string | undefined {
    try {
        const stat = fs.statSync(file, { bigint: true });
        const seen = `${stat.size}:${stat.mtimeNs}:${stat.ino}`;
        const known = digests.get(file);
        if (known?.seen === seen) return known.digest;
        const digest = createHash("sha1").update(fs.readFileSync(file)).digest("hex");
        digests.set(file, { seen, digest });
        return digest;
    } catch {
        return undefined;
    }
}

export function stamp(file: string): InputStamp {
    return { file, digest: digestOf(file) ?? "" };
}

export function unchanged(input: InputStamp): boolean {
    return digestOf(input.file) === input.digest;
}

/** The disk cache in `directory`; every method is a no-op when the directory cannot be used. */
export function bundleCache(directory: string | undefined) {
    const fileOf = (key: string) => directory && path.join(directory, `${createHash("sha256").update(key).digest("hex")}.json`);
    return {
        read(key: string): CachedBuild | undefined {
            const file = fileOf(key);
            if (!file) return undefined;
            try {
                const entry = JSON.parse(fs.readFileSync(file, "utf8")) as CachedBuild & { key: string };
                return entry.key === key && entry.inputs.every(unchanged) ? entry : undefined;
            } catch {
                return undefined;
            }
        },
        write(key: string, build: CachedBuild): void {
            const file = fileOf(key);
            if (!file) return;
            try {
                fs.mkdirSync(path.dirname(file), { recursive: true });
                // Written aside and renamed, so a concurrent reader sees the whole entry or none.
                const partial = `${file}.${randomUUID()}.partial`;
                fs.writeFileSync(partial, JSON.stringify({ key, ...build }));
                fs.renameSync(partial, file);
            } catch {
                // A read-only or full disk costs only the next run's rebuild.
            }
        },
    };
}
