#!/usr/bin/env node
// The package ships TypeScript: transpile on load (types are checked by `npm test`).
require("ts-node").register({ transpileOnly: true, project: require("node:path").join(__dirname, "..", "tsconfig.json") });
require("../plan/cli")
    .main(process.argv.slice(2))
    .then((code) => (process.exitCode = code));
