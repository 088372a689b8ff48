/**
 * Runs a user's Pulumi program in this process, as the Pulumi nodejs runtime would: a module
 * whose top-level code declares resources, or one exporting a function (default or module.exports).
 * TypeScript is transpiled on load by tsx (on the esbuild this package already needs for handler
 * bundles), types unchecked: the program's own `tsc` checks them. No ts-node or typescript at run time.
 */

// tsx's CommonJS API has no typings under this project's `moduleResolution: node`; this is its shape.
const tsx = require("tsx/cjs/api") as { register(): () => void };

let registered = false;

export async function runProgram(path: string): Promise<void> {
    if (!registered) {
        tsx.register();
        registered = true;
    }
    const mod = require(path);
    const entry = typeof mod === "function" ? mod : typeof mod?.default === "function" ? mod.default : undefined;
    if (entry) await entry();
}
