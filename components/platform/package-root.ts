/**
 * The folder holding this package's package.json. Handler sources and price lists ship beside
 * the compiled code (not inside `lib/`), so files are found from here, the same way whether this
 * module runs from source or compiled into `lib/`, in this repository or installed in node_modules.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";

function packageRootAbove(dir: string): string {
    for (let d = dir; ; d = path.dirname(d)) {
        if (existsSync(path.join(d, "package.json"))) return d;
        if (path.dirname(d) === d) throw new Error(`cloud-patterns: no package.json above ${dir}; the package's files are incomplete`);
    }
}

export const PACKAGE_ROOT = packageRootAbove(__dirname);
