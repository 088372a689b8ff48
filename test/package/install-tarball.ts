/**
 * Installs a packed tarball into a program's node_modules as npm lays it out: the tarball's
 * `package/` becomes node_modules/<name>, its `bin` entries are linked into node_modules/.bin and
 * made executable. The dependencies come from this repository's node_modules, linked rather than
 * fetched (npm would bring the same versions, but copying some 900 MB of provider SDKs takes
 * minutes). Only the dependencies the packed package.json declares are linked, so code that needs
 * an undeclared package fails to load here as it would for a user.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";

export interface Manifest {
    readonly name: string;
    readonly bin?: Readonly<Record<string, string>>;
    readonly dependencies?: Readonly<Record<string, string>>;
    readonly devDependencies?: Readonly<Record<string, string>>;
}

export function readManifest(dir: string): Manifest {
    return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;
}

/** Installs `tarball` into `programDir`, with the program's own dependencies (but the packed one) linked too. */
export function installTarball(tarball: string, programDir: string, repoNodeModules: string): Manifest {
    const nodeModules = join(programDir, "node_modules");
    const staging = join(programDir, ".unpacked");
    mkdirSync(staging, { recursive: true });
    execFileSync("tar", ["-xzf", tarball, "-C", staging]);
    const packed = readManifest(join(staging, "package"));
    const target = join(nodeModules, packed.name);
    mkdirSync(dirname(target), { recursive: true });
    renameSync(join(staging, "package"), target);
    rmSync(staging, { recursive: true });

    const program = readManifest(programDir);
    const wanted = new Set([
        ...Object.keys(packed.dependencies ?? {}),
        ...Object.keys(program.dependencies ?? {}),
        ...Object.keys(program.devDependencies ?? {}),
    ]);
    wanted.delete(packed.name);
    for (const dep of wanted) {
        const from = join(repoNodeModules, dep);
        if (!existsSync(from)) throw new Error(`${dep} is not in ${repoNodeModules}; run npm install in the repository`);
        mkdirSync(dirname(join(nodeModules, dep)), { recursive: true });
        symlinkSync(from, join(nodeModules, dep), "dir");
    }

    mkdirSync(join(nodeModules, ".bin"), { recursive: true });
    for (const [command, file] of Object.entries(packed.bin ?? {})) {
        chmodSync(join(target, file), 0o755);
        symlinkSync(join("..", packed.name, file), join(nodeModules, ".bin", command));
    }
    return packed;
}
