/**
 * The architecture diagram: the graph read off the engine's references (synthetic resources, the
 * dev stacks' real components on every cloud, and two patterns wired together), its Mermaid
 * (checked by Mermaid's own parser), and the HTML report in headless Chromium at 1,400 and 800 px:
 * nothing wider than the window, every diagram with edges, a click shows a node's details.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { main } from "../../plan/cli";
import { evaluateStacks, priceStacks, PROVIDER_DEFAULTS, StackComparison, StackEvaluation } from "../../plan/compare";
import { buildGraph, ArchitectureGraph } from "../../plan/diagram/graph";
import { renderMermaid, renderPlanMermaid } from "../../plan/diagram/mermaid";
import { evaluateInChild } from "../../plan/evaluate-stack";
import type { RecordedResource } from "../../plan/mock-cloud";
import { renderHtml } from "../../plan/render/html";
import { niceTicks } from "../../plan/render/svg";
import { CLOUDS, CloudName } from "../../plan/types";
import { usePeer } from "../support/peers";
import { FIXTURES } from "./fixture";

const ROOT = join(__dirname, "..", "..");
const CONNECTED_PROGRAM = join(FIXTURES, "connected-program.ts");

/** A custom resource as the mock evaluation records it. */
function resource(type: string, name: string, dependencies: Record<string, string[]> = {}, inputs: Record<string, unknown> = {}) {
    return { type, name, urn: urn(type, name), parent: urn("cloud-patterns:index:Retry", "retry"), custom: true, inputs, dependencies };
}
const urn = (type: string, name: string) => `urn:pulumi:test::p::${type}::${name}`;
const pattern = {
    type: "cloud-patterns:index:Retry",
    name: "retry",
    urn: urn("cloud-patterns:index:Retry", "retry"),
    custom: false,
    inputs: {},
};

const names = (g: ArchitectureGraph) => (u: string) => g.nodes.find((n) => n.urn === u)!.name;
const edgeNames = (g: ArchitectureGraph) => g.edges.map((e) => `${names(g)(e.from)} -> ${names(g)(e.to)}`).sort();

/** Mermaid's parser: its text sanitizer needs a DOM only for rendering, so it is a no-op here (parsing is what is checked). */
async function parseMermaid(text: string): Promise<unknown> {
    // The ES module build: the instance Mermaid imports (require("dompurify") would give the CommonJS one).
    const purify = require(join(dirname(require.resolve("dompurify")), "purify.es.mjs")).default;
    Object.assign(purify, { addHook() {}, removeHook() {}, removeAllHooks() {}, sanitize: (s: string) => s });
    return require("mermaid").default.parse(text);
}

describe("plan: architecture diagram", function () {
    // Evaluations run in child processes that load a provider SDK each: slow on a loaded two-core machine.
    this.timeout(900_000);

    describe("the graph, from the engine's references (synthetic resources)", () => {
        const fn = resource("aws:lambda/function:Function", "worker", {
            role: [urn("aws:iam/role:Role", "worker-role")],
            loggingConfig: [urn("aws:cloudwatch/logGroup:LogGroup", "worker-logs")],
        });
        const resources: RecordedResource[] = [
            pattern,
            fn,
            resource("aws:iam/role:Role", "worker-role"),
            resource("aws:cloudwatch/logGroup:LogGroup", "worker-logs"),
            resource("aws:iam/rolePolicy:RolePolicy", "worker-policy", {
                role: [urn("aws:iam/role:Role", "worker-role")],
                policy: [urn("aws:sqs/queue:Queue", "queue")],
            }),
            resource("aws:sqs/queue:Queue", "queue"),
            resource("aws:lambda/eventSourceMapping:EventSourceMapping", "trigger", {
                eventSourceArn: [urn("aws:sqs/queue:Queue", "queue")],
                functionName: [fn.urn],
            }),
            resource("aws:apigatewayv2/api:Api", "api"),
            resource("aws:apigatewayv2/integration:Integration", "integration", {
                apiId: [urn("aws:apigatewayv2/api:Api", "api")],
                integrationUri: [fn.urn],
            }),
            resource("aws:apigatewayv2/stage:Stage", "stage", {
                apiId: [urn("aws:apigatewayv2/api:Api", "api")],
                accessLogSettings: [urn("aws:cloudwatch/logGroup:LogGroup", "access-logs")],
            }),
            resource("aws:cloudwatch/logGroup:LogGroup", "access-logs"),
            resource("azure-native:resources:ResourceGroup", "rg"),
            resource("aws:sqs/queue:Queue", "other", { tags: [urn("azure-native:resources:ResourceGroup", "rg")] }),
        ];
        const graph = buildGraph(resources);

        it("draws only the resources that carry data, each pattern a group", () => {
            assert.deepEqual(graph.nodes.map((n) => `${n.kind}: ${n.name}`).sort(), [
                "front door: api",
                "function: worker",
                "queue: other",
                "queue: queue",
            ]);
            assert.deepEqual(
                graph.groups.map((g) => g.name),
                ["retry"],
            );
        });

        it("folds IAM, triggers and config into the node they serve: through the identity, the address, or another folded row", () => {
            const members = (name: string) =>
                graph.nodes
                    .find((n) => n.name === name)!
                    .members.map((m) => m.name)
                    .sort();
            assert.deepEqual(members("worker"), ["trigger", "worker", "worker-logs", "worker-policy", "worker-role"]);
            assert.deepEqual(members("api"), ["access-logs", "api", "integration", "stage"]);
            assert.deepEqual(
                graph.groups[0].shared.map((r) => r.name),
                ["rg"],
            );
        });

        it("finds the edges from the references, one per pair, the way an event source says", () => {
            assert.deepEqual(edgeNames(graph), ["api -> worker", "queue -> worker"]);
            const fromQueue = graph.edges.find((e) => names(graph)(e.from) === "queue")!;
            assert.deepEqual(fromQueue.via, ["RolePolicy.policy", "EventSourceMapping.eventSourceArn"]);
        });

        it("--mermaid belongs to plan, without --json: a usage error (exit 2) before any evaluation", async () => {
            const write = process.stderr.write;
            let said = "";
            process.stderr.write = ((chunk: string) => ((said += chunk), true)) as typeof process.stderr.write;
            try {
                assert.equal(await main(["costs", "--mermaid"]), 2);
                assert.equal(await main(["plan", "--mermaid", "--json"]), 2);
            } finally {
                process.stderr.write = write;
            }
            assert.match(said, /--mermaid belongs to 'plan', without --json/);
        });

        it("without references there are no edges: nothing is inferred from names", () => {
            const bare = buildGraph(resources.map((r) => ({ ...r, dependencies: {} })));
            assert.equal(bare.edges.length, 0);
        });
    });

    describe("the dev stack's real components on every cloud", () => {
        let dev: StackEvaluation;
        let comparison: StackComparison[];
        let connected: Record<CloudName, RecordedResource[]>;
        before(async () => {
            [dev] = await evaluateStacks({
                stacksDir: join(ROOT, "stacks"),
                program: join(ROOT, "stacks", "index.ts"),
                stacks: ["aws-dev"],
            });
            comparison = priceStacks([dev]);
            const config = (cloud: CloudName) => ({ ...PROVIDER_DEFAULTS[cloud], "cloud-patterns:cloud": cloud });
            const results = await Promise.all(CLOUDS.map((cloud) => evaluateInChild(CONNECTED_PROGRAM, config(cloud), "test")));
            connected = { aws: results[0], azure: results[1], gcp: results[2] };
        });

        for (const cloud of CLOUDS)
            it(`${cloud}: each pattern's data-carrying nodes and its edges, IAM folded`, () => {
                const resources = dev.clouds.find((c) => c.cloud === cloud)!.resources;
                const graph = buildGraph(resources);
                const name = names(graph);
                for (const [patternName, byCloud] of Object.entries(EXPECTED)) {
                    const group = graph.groups.find((g) => g.type === `cloud-patterns:index:${patternName}`)!;
                    const nodes = graph.nodes.filter((n) => n.group === group.urn);
                    const urns = new Set(nodes.map((n) => n.urn));
                    const edges = graph.edges.filter((e) => urns.has(e.from)).map((e) => `${name(e.from)} -> ${name(e.to)}`);
                    assert.deepEqual(nodes.map((n) => `${n.kind}: ${n.name}`).sort(), byCloud[cloud].nodes, `${patternName} on ${cloud}`);
                    assert.deepEqual(edges.sort(), byCloud[cloud].edges, `${patternName} on ${cloud}`);
                    assert.ok(edges.length > 0, `${patternName} on ${cloud} has edges`);
                }
                // IAM never a node, always folded into one (or, serving several, shown with the pattern)
                const iam = resources.filter(
                    (r) => r.custom && /iam|authorization|RoleAssignment|IamMember|IAMMember|serviceaccount|permission/i.test(r.type),
                );
                assert.ok(iam.length > 0);
                const folded = new Set(
                    [...graph.nodes.flatMap((n) => n.members.slice(1)), ...graph.groups.flatMap((g) => g.shared)].map((r) => r.urn),
                );
                for (const r of iam) assert.ok(folded.has(r.urn), `${r.type} ${r.name} is folded`);
                // every custom resource is somewhere: a node, folded into one, or shared by the pattern
                const placed = new Set([...graph.nodes.map((n) => n.urn), ...folded]);
                assert.deepEqual(
                    resources.filter((r) => r.custom && !placed.has(r.urn)).map((r) => r.name),
                    [],
                );
            });

        for (const cloud of CLOUDS)
            it(`${cloud}: a stack with two patterns wired together shows how they connect`, () => {
                const graph = buildGraph(connected[cloud]);
                const group = (u: string) => graph.groups.find((g) => g.urn === graph.nodes.find((n) => n.urn === u)!.group)!.name;
                const across = graph.edges.filter((e) => group(e.from) !== group(e.to));
                assert.deepEqual(
                    across.map(
                        (e) =>
                            `${group(e.from)}/${graph.nodes.find((n) => n.urn === e.from)!.kind} -> ${group(e.to)}/${graph.nodes.find((n) => n.urn === e.to)!.kind}`,
                    ),
                    ["checkout/function -> storefront/front door"],
                );
            });

        it("the Mermaid of every stack and cloud parses with Mermaid's own parser, one node and edge line per node and edge", async () => {
            for (const c of dev.clouds) {
                const graph = buildGraph(c.resources);
                const text = renderMermaid(graph);
                assert.match(text, /^flowchart LR\n/);
                assert.deepEqual(await parseMermaid(text), { diagramType: "flowchart-v2", config: {} });
                assert.equal(text.match(/^ {8}n\d+\S/gm)!.length, graph.nodes.length);
                assert.equal(text.match(/^ {4}n\d+ -->\|/gm)!.length, graph.edges.length);
            }
            const plan = renderPlanMermaid([dev]);
            assert.equal(plan.match(/^```mermaid$/gm)!.length, 3);
            assert.match(plan, /^### Stack aws-dev on aws \(the stack's own cloud\), eu-west-1$/m);
        });

        it("names that would break Mermaid's syntax are escaped, and the parser does reject broken text", async () => {
            const tricky = buildGraph([
                pattern,
                resource("aws:sqs/queue:Queue", 'q"]|<b>'),
                resource("aws:lambda/function:Function", "f#1", { environment: [urn("aws:sqs/queue:Queue", 'q"]|<b>')] }),
            ]);
            const text = renderMermaid(tricky);
            await parseMermaid(text);
            await assert.rejects(parseMermaid(text.replace("#34;", '"')), /Parse error/);
        });

        describe("the HTML report in headless Chromium", () => {
            const chromium = usePeer("chromium");
            let html: string;
            before(() => {
                html = renderHtml(comparison, { generatedAt: new Date("2026-12-01T00:00:00Z") });
            });

            it("is self-contained and its SVG well-formed; each diagram has nodes and edges; free rows behind a toggle", () => {
                assert.doesNotMatch(html, /\b(src|href)\s*=|<(link|img|iframe|object)\b|url\(|@import/i);
                assert.equal(html.match(/<script\b/g)!.length, 1);
                const diagrams = html.match(/<svg class="architecture"[\s\S]*?<\/svg>/g)!;
                assert.equal(diagrams.length, 3);
                for (const svg of diagrams) {
                    assert.equal(XMLValidator.validate(svg), true);
                    assert.ok(svg.match(/<path class="edge"/g)!.length >= 10);
                }
                assert.equal(html.match(/<details class="free-rows">/g)!.length, 3);
            });

            it("the chart's axis ticks are round and lower bounds read ≥ in labels and tooltips", () => {
                assert.deepEqual(niceTicks(32.83), [0, 10, 20, 30, 40]);
                assert.deepEqual(niceTicks(0.9), [0, 0.5, 1]);
                assert.deepEqual(niceTicks(1234), [0, 500, 1000, 1500]);
                const chart = html.match(/<svg class="cost-chart"[\s\S]*?<\/svg>/)![0];
                assert.ok((chart.match(/class="tick"/g) ?? []).length >= 3);
                assert.match(chart, /class="bar-label"[^>]*>≥ \$/);
                assert.match(chart, /<title>[^<]* on (aws|azure|gcp): ≥ \$[\d.,]+ a month \(a lower bound/);
            });

            for (const width of [1400, 800])
                it(`at ${width} px: nothing wider than the window, every diagram has edges, a click shows the node's details`, () => {
                    const dir = mkdtempSync(join(tmpdir(), "cloud-patterns-diagram-"));
                    const file = join(dir, "report.html");
                    writeFileSync(file, html.replace("</body>", `<script>${MEASURE}</script></body>`));
                    const flags = [
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--hide-scrollbars",
                        `--user-data-dir=${join(dir, "profile")}`,
                        `--window-size=${width},3000`,
                    ];
                    // The screenshot stays in the temp folder, out of the repository.
                    const shot = spawnSync(chromium.binary, [...flags, `--screenshot=${join(dir, "report.png")}`, `file://${file}`], {
                        timeout: 90_000,
                    });
                    assert.equal(shot.status, 0, shot.stderr.toString());
                    assert.ok(statSync(join(dir, "report.png")).size > 20_000, "the screenshot has content");
                    const dom = spawnSync(chromium.binary, [...flags, "--dump-dom", `file://${file}`], {
                        timeout: 90_000,
                        maxBuffer: 64 * 1024 * 1024,
                    });
                    assert.equal(dom.status, 0, dom.stderr.toString());
                    const found = /<pre id="measured">([\s\S]*?)<\/pre>/.exec(dom.stdout.toString());
                    assert.ok(found, "the measuring script ran");
                    const m = JSON.parse(
                        found[1]
                            .replace(/&quot;/g, '"')
                            .replace(/&amp;/g, "&")
                            .replace(/&lt;/g, "<")
                            .replace(/&gt;/g, ">"),
                    );
                    assert.equal(m.viewport, width);
                    assert.ok(m.scrollWidth <= m.clientWidth, `page scrolls sideways: ${m.scrollWidth} > ${m.clientWidth}`);
                    assert.deepEqual(m.outside, [], "elements cut off at the right edge");
                    assert.equal(m.edges.length, 3);
                    assert.ok(
                        m.edges.every((n: number) => n > 0),
                        `edges drawn per diagram: ${m.edges}`,
                    );
                    assert.equal(m.detailShown, true, "clicking a node shows its details");
                    assert.match(m.detailText, /Type\s*aws:apigatewayv2\/api:Api/);
                    assert.equal(m.freeRowsHidden, true, "free rows start hidden");
                });
        });
    });
});

/**
 * Runs in the page: measures overflow (the document, and every table, SVG, cell and details box
 * against the window), counts drawn edges per diagram, clicks the first node, and writes it all
 * into the DOM for --dump-dom.
 */
const MEASURE = `
window.addEventListener("load", () => {
  const width = document.documentElement.clientWidth;
  const outside = [...document.querySelectorAll("table, svg, td, th, .node-details, h1, h2, h3, p, li")]
    .filter((e) => e.getBoundingClientRect().right > width + 0.5 && e.closest("details:not([open])") === null)
    .map((e) => e.tagName + "." + (e.getAttribute("class") || "") + " right=" + Math.round(e.getBoundingClientRect().right));
  const edges = [...document.querySelectorAll("svg.architecture")].map((s) => s.querySelectorAll("path.edge").length);
  const node = document.querySelector("svg.architecture g.node");
  node.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  const detail = document.querySelector('.node-detail[data-node="' + node.getAttribute("data-node") + '"]');
  const free = document.querySelector("details.free-rows table");
  const pre = document.createElement("pre");
  pre.id = "measured";
  pre.textContent = JSON.stringify({
    viewport: window.innerWidth, scrollWidth: document.documentElement.scrollWidth, clientWidth: width, outside, edges,
    detailShown: !detail.hidden && detail.getBoundingClientRect().height > 0, detailText: detail.innerText,
    freeRowsHidden: !free.checkVisibility(),
  });
  document.body.appendChild(pre);
});
`;

const EXPECTED: Record<string, Record<CloudName, { nodes: string[]; edges: string[] }>> = {
    EventSourcing: {
        aws: {
            nodes: [
                "front door: accounts-api-api",
                "function: accounts-command-function",
                "function: accounts-publisher-function",
                "queue: accounts-publish-dlq",
                "store: accounts-events",
                "store: accounts-snapshots",
                "stream: accounts-pipe",
                "topic: accounts-bus",
            ],
            edges: [
                "accounts-api-api -> accounts-command-function",
                "accounts-command-function -> accounts-events",
                "accounts-command-function -> accounts-snapshots",
                "accounts-events -> accounts-pipe",
                "accounts-pipe -> accounts-publish-dlq",
                "accounts-pipe -> accounts-publisher-function",
                "accounts-publisher-function -> accounts-bus",
                "accounts-publisher-function -> accounts-publish-dlq",
            ],
        },
        azure: {
            nodes: [
                "front door: accounts-api-apim",
                "function: accounts-command-app",
                "function: accounts-publisher-app",
                "store: accounts-cosmos",
                "topic: accounts-topic",
            ],
            edges: [
                "accounts-api-apim -> accounts-command-app",
                "accounts-command-app -> accounts-cosmos",
                "accounts-publisher-app -> accounts-cosmos",
                "accounts-publisher-app -> accounts-topic",
            ],
        },
        gcp: {
            nodes: [
                "front door: accounts-api-gateway",
                "function: accounts-command-function",
                "function: accounts-publisher-function",
                "store: accounts-firestore",
                "topic: accounts-publish-dead-letters",
                "topic: accounts-topic",
            ],
            edges: [
                "accounts-api-gateway -> accounts-command-function",
                "accounts-command-function -> accounts-firestore",
                "accounts-firestore -> accounts-publisher-function",
                "accounts-publisher-function -> accounts-publish-dead-letters",
                "accounts-publisher-function -> accounts-topic",
            ],
        },
    },
    GatewayAggregation: {
        aws: {
            nodes: ["front door: gateway-api", "function: gateway-function"],
            edges: ["gateway-api -> gateway-function"],
        },
        azure: {
            nodes: ["front door: gateway-apim", "function: gateway-app"],
            edges: ["gateway-apim -> gateway-app"],
        },
        gcp: {
            nodes: ["front door: gateway-gateway", "function: gateway-function"],
            edges: ["gateway-gateway -> gateway-function"],
        },
    },
    AntiCorruptionLayer: {
        aws: {
            nodes: ["front door: orders-acl-front-api", "function: orders-acl-translator-function"],
            edges: ["orders-acl-front-api -> orders-acl-translator-function"],
        },
        azure: {
            nodes: ["front door: orders-acl-front-apim", "function: orders-acl-translator-app"],
            edges: ["orders-acl-front-apim -> orders-acl-translator-app"],
        },
        gcp: {
            nodes: ["front door: orders-acl-front-gateway", "function: orders-acl-translator-function"],
            edges: ["orders-acl-front-gateway -> orders-acl-translator-function"],
        },
    },
    Retry: {
        aws: {
            nodes: [
                "front door: retry-enqueue-url",
                "function: retry-enqueue-function",
                "function: retry-worker-function",
                "queue: retry-dead-letters",
                "queue: retry-queue",
                "store: retry-records",
            ],
            edges: [
                "retry-enqueue-function -> retry-queue",
                "retry-enqueue-url -> retry-enqueue-function",
                "retry-queue -> retry-dead-letters",
                "retry-queue -> retry-worker-function",
                "retry-worker-function -> retry-dead-letters",
                "retry-worker-function -> retry-records",
            ],
        },
        azure: {
            nodes: [
                "function: retry-enqueue-app",
                "function: retry-worker-app",
                "queue: retry-dead-letters",
                "queue: retry-queue",
                "store: retry-cosmos",
            ],
            edges: [
                "retry-enqueue-app -> retry-queue",
                "retry-queue -> retry-dead-letters",
                "retry-queue -> retry-worker-app",
                "retry-worker-app -> retry-cosmos",
                "retry-worker-app -> retry-dead-letters",
            ],
        },
        gcp: {
            nodes: [
                "function: retry-enqueue-function",
                "function: retry-worker-function",
                "queue: retry-queue",
                "store: retry-records",
                "topic: retry-dead-letters",
            ],
            edges: [
                "retry-enqueue-function -> retry-queue",
                "retry-enqueue-function -> retry-worker-function",
                "retry-worker-function -> retry-dead-letters",
                "retry-worker-function -> retry-records",
            ],
        },
    },
};
