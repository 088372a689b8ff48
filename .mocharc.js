// Type checking runs once in `npm test` (tsc --noEmit); mocha only transpiles.
module.exports = {
  require: ["ts-node/register/transpile-only"],
  extension: ["ts"],
  spec: ["test/**/*.test.ts"],
  recursive: true,
  timeout: 120000,
  reporter: "./test/support/summary-reporter.js",
  exit: true,
};
