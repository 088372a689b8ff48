#!/usr/bin/env node
// Runs the compiled CLI (lib/, built by `npm run build` and before every `npm pack`).
// From a clone, `npm start` runs the TypeScript sources instead.
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const cli = join(__dirname, "..", "lib", "plan", "cli.js");
if (!existsSync(cli)) {
    process.stderr.write(`cloud-patterns: ${cli} is missing; run \`npm run build\` in ${join(__dirname, "..")} first\n`);
    process.exit(1);
}
require(cli)
    .main(process.argv.slice(2))
    .then((code) => (process.exitCode = code));
