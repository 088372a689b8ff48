/**
 * The `cloud-patterns` command: `plan` lists what each cloud would create for each stack,
 * `costs` prices it side by side (terminal table, --json, --html FILE). Offline, no account.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { compareStacks, evaluateStacks, parseCloud } from "./compare";
import { renderPlanMermaid } from "./diagram/mermaid";
import { readPulumiProject } from "./pulumi-project";
import { renderJson } from "./render/json";
import { renderPlan } from "./render/plan-list";
import { renderTable } from "./render/table";
import { CLOUDS, TARGETS } from "./types";

export const USAGE = `Usage: cloud-patterns <command> [options]

Commands:
  costs   evaluate each stack under Pulumi mocks on every cloud and compare monthly costs
  plan    list the resources each cloud would create for each stack
  dev     run one stack's patterns on 127.0.0.1 from the bundles the cloud would get (docs/try-it-locally.md)
  reshard print the plan of a Sharding's resharding: keys moved per shard, against the ideal (docs/patterns/sharding.md)

Options:
  --stack NAME        only this stack (repeatable); default: every Pulumi.<stack>.yaml in the stacks dir
  --cloud NAME        only this cloud (repeatable): ${TARGETS.join(", ")}; default: ${CLOUDS.join(", ")},
                      and kubernetes for the stacks that pick it
  --stacks-dir DIR    folder of the stack files (default: the stackConfigDir of ./Pulumi.yaml,
                      else the folder of ./Pulumi.yaml, else stacks)
  --program FILE      the Pulumi program (default: the main of ./Pulumi.yaml, else <stacks-dir>/index.ts)
  --json              print JSON instead of the table (costs: Infracost-like)
  --mermaid           plan: print each stack's architecture on each cloud as Mermaid (flowchart LR)
  --html FILE         costs: also write a self-contained HTML report to FILE
  --no-free-tier      costs: leave free tiers out
  --smoke             dev: call every pattern once, print one line each, stop (exit 0 if all answered as documented)
  --faults SPEC       dev: inject faults, e.g. "seed=7; backend.reviews: status=503" (docs/try-it-locally.md)
  --from FILE         reshard: the shard map the router serves now (JSON or YAML: strategy, shardCount | shards,
                      rangeOrder, mapVersion), instead of --stack
  --to FILE           reshard: the shard map to move to (default with a resharding stack: its shards)
  --shard-count N     reshard: move to N shards, the strategy kept
  --keys N            reshard: route N synthetic keys (default 100000)
  --seed S            reshard: the synthetic keys' seed (default 1)
  --keys-file FILE    reshard: route these keys instead, one a line
  -h, --help          show this help
`;

export async function main(argv: readonly string[]): Promise<number> {
    let parsed;
    try {
        parsed = parseArgs({
            args: [...argv],
            allowPositionals: true,
            options: {
                stack: { type: "string", multiple: true },
                cloud: { type: "string", multiple: true },
                "stacks-dir": { type: "string" },
                program: { type: "string" },
                json: { type: "boolean" },
                mermaid: { type: "boolean" },
                html: { type: "string" },
                "no-free-tier": { type: "boolean" },
                smoke: { type: "boolean" },
                faults: { type: "string" },
                from: { type: "string" },
                to: { type: "string" },
                "shard-count": { type: "string" },
                keys: { type: "string" },
                seed: { type: "string" },
                "keys-file": { type: "string" },
                help: { type: "boolean", short: "h" },
            },
        });
    } catch (err) {
        process.stderr.write(`cloud-patterns: ${(err as Error).message}\n\n${USAGE}`);
        return 2;
    }
    const { values, positionals } = parsed;
    const command = positionals[0];
    if (values.help || command === undefined) {
        process.stdout.write(USAGE);
        return values.help ? 0 : 2;
    }
    if (command !== "costs" && command !== "plan" && command !== "dev" && command !== "reshard") {
        process.stderr.write(`cloud-patterns: unknown command '${command}'; commands are costs, plan, dev, reshard\n\n${USAGE}`);
        return 2;
    }
    const reshardOnly = (["from", "to", "shard-count", "keys", "seed", "keys-file"] as const).filter((o) => values[o] !== undefined);
    if (command !== "reshard" && reshardOnly.length > 0) {
        process.stderr.write(`cloud-patterns: --${reshardOnly.join(", --")} belong${reshardOnly.length === 1 ? "s" : ""} to 'reshard'\n`);
        return 2;
    }
    if (command !== "dev" && (values.smoke || values.faults !== undefined)) {
        process.stderr.write(`cloud-patterns: --smoke and --faults belong to 'dev'\n`);
        return 2;
    }
    if (command === "plan" && (values.html || values["no-free-tier"])) {
        process.stderr.write(`cloud-patterns: --html and --no-free-tier belong to 'costs'\n`);
        return 2;
    }
    if (values.mermaid && (command !== "plan" || values.json)) {
        process.stderr.write(`cloud-patterns: --mermaid belongs to 'plan', without --json\n`);
        return 2;
    }
    try {
        // Run in a Pulumi project's folder, its Pulumi.yaml gives the defaults, as for `pulumi preview`.
        const project = readPulumiProject(process.cwd());
        const options = {
            stacksDir: values["stacks-dir"] ?? project?.stacksDir,
            program: values.program ?? project?.program,
            project: project?.name,
            stacks: values.stack,
            clouds: values.cloud?.map((c) => parseCloud(c, "--cloud")),
        };
        // Required on use: `dev` and `reshard` load @pulumi/pulumi (and the HTML report esbuild), which `plan` needs neither of.
        if (command === "dev") return await (require("./dev/cli") as typeof import("./dev/cli")).runDevCommand(values, project);
        if (command === "reshard")
            return (require("./reshard") as typeof import("./reshard")).runReshardCommand(values, project, (text) =>
                process.stdout.write(text),
            );
        if (command === "plan") {
            const evaluations = await evaluateStacks(options);
            const json = () => `${JSON.stringify(evaluations, null, 2)}\n`;
            process.stdout.write(values.mermaid ? renderPlanMermaid(evaluations) : values.json ? json() : renderPlan(evaluations));
            return 0;
        }
        const freeTier = !values["no-free-tier"];
        const comparison = await compareStacks(options);
        process.stdout.write(values.json ? `${renderJson(comparison, { freeTier })}\n` : renderTable(comparison, { freeTier }));
        if (values.html) {
            const { renderHtml } = require("./render/html") as typeof import("./render/html");
            writeFileSync(values.html, renderHtml(comparison, { freeTier }));
            process.stderr.write(`cloud-patterns: wrote ${values.html}\n`);
        }
        return 0;
    } catch (err) {
        process.stderr.write(`cloud-patterns: ${(err as Error).message}\n`);
        return 1;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
