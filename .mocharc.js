// Type checking runs once in `npm test` (tsc --noEmit); mocha only transpiles.
// Mocha adds files named on the command line to `spec`; naming some runs only those.
const namesFiles = process.argv.slice(2).some((arg) => !arg.startsWith("-") && /\.ts$|\*/.test(arg));

module.exports = {
    require: ["ts-node/register/transpile-only"],
    extension: ["ts"],
    spec: namesFiles ? [] : ["test/**/*.test.ts"],
    recursive: true,
    timeout: 120000,
    reporter: "./test/support/summary-reporter.js",
    exit: true,
};
