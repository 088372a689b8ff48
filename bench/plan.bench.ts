/**
 * The cost of pricing: time to plan and price every stack (evaluate under mocks, price, render
 * the table, JSON and HTML) as a ratio to evaluating the same programs under mocks alone.
 * Uses stacks/ when a stack file configures a pattern, else the plan test fixtures.
 */
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { evaluateStacks, priceStacks } from "../plan/compare";
import { architectureView } from "../plan/diagram/html";
import { renderHtml } from "../plan/render/html";
import { renderJson } from "../plan/render/json";
import { renderTable } from "../plan/render/table";
import { readStackFile, stackFilesIn } from "../plan/stack-file";

const ROOT = join(__dirname, "..");
const real = stackFilesIn(join(ROOT, "stacks")).some((f) =>
    Object.keys(readStackFile(f).config).some((k) => /^cloud-patterns:(?!cloud$|workload$)/.test(k)),
);
const options = real
    ? { stacksDir: join(ROOT, "stacks") }
    : { stacksDir: join(ROOT, "test", "fixtures", "plan", "stacks"), program: join(ROOT, "test", "fixtures", "plan", "program.ts") };
const ROUNDS = 20;

async function main() {
    console.log(`plan: ${real ? "stacks/" : "test fixtures (no stack file configures a pattern yet)"}`);
    const t0 = performance.now();
    const evaluations = await evaluateStacks(options);
    const evaluateMs = performance.now() - t0;
    const resources = evaluations.reduce((n, s) => n + s.clouds.reduce((m, c) => m + c.resources.length, 0), 0);
    let output = 0;
    const t1 = performance.now();
    for (let i = 0; i < ROUNDS; i++) {
        const comparison = priceStacks(evaluations);
        output += renderTable(comparison).length + renderJson(comparison).length + renderHtml(comparison).length;
    }
    const priceMs = (performance.now() - t1) / ROUNDS;
    const priced = priceStacks(evaluations);
    const t2 = performance.now();
    for (let i = 0; i < ROUNDS; i++) for (const s of priced) for (const c of s.clouds) output += architectureView(c).length;
    const diagramMs = (performance.now() - t2) / ROUNDS;
    console.log(
        `evaluate ${evaluations.length} stacks x 3 clouds under mocks (${resources} resources, child processes): ${evaluateMs.toFixed(0)} ms`,
    );
    console.log(
        `price + render table, JSON and HTML (mean of ${ROUNDS}): ${priceMs.toFixed(1)} ms (${(output / ROUNDS / 1024).toFixed(0)} KiB of output)`,
    );
    console.log(`of which the architecture diagrams (graph, dagre layout, SVG, details; mean of ${ROUNDS}): ${diagramMs.toFixed(1)} ms`);
    console.log(
        `ratio plan-and-price / evaluate-only: ${((evaluateMs + priceMs) / evaluateMs).toFixed(4)}x (pricing adds ${((priceMs / evaluateMs) * 100).toFixed(2)}%)`,
    );
}

main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
});
