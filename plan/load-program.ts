/**
 * Runs a user's Pulumi program in this process, as the Pulumi nodejs runtime would: a module
 * whose top-level code declares resources, or one exporting a function (default or module.exports).
 * TypeScript is transpiled on load by tsx (on the esbuild this package already needs for handler
 * bundles), types unchecked: the program's own `tsc` checks them. No ts-node or typescript at run time.
 */

// tsx's CommonJS API has no typings under this project's `moduleResolution: node`; this is its shape.
const tsx = require("tsx/cjs/api") as { register(): () => void };

// Module._extensions, where CommonJS finds the loader of each file name extension.
const extensions = (require("node:module") as { _extensions: Record<string, unknown> })._extensions;

let registered = false;

export async function runProgram(path: string): Promise<void> {
    if (!registered) {
        // From source, this module came through the tsx the child was started with (plan/evaluate-stack.ts).
        if (!__filename.endsWith(".ts")) {
            const loadJs = extensions[".js"];
            tsx.register();
            // tsx also takes over .js files, running its ES module lexer over each (a provider SDK
            // is thousands of them: 0.8 s of an AWS evaluation); Node 24 requires ES modules itself.
            extensions[".js"] = loadJs;
        }
        // tsx turns source maps on; Pulumi takes a stack trace for every promise and resource it
        // makes, and mapping each through the source maps was a sixth of an evaluation's CPU time.
        // The plan reports an error's message, never its stack.
        process.setSourceMapsEnabled(false);
        registered = true;
    }
    const mod = require(path);
    const entry = typeof mod === "function" ? mod : typeof mod?.default === "function" ? mod.default : undefined;
    if (entry) await entry();
}
