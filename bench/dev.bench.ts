/**
 * `cloud-patterns dev` per dev stack: the time from the command's start to the first request
 * answered through a front door (program evaluated under mocks, bundles built, store peers and
 * function hosts started), as a ratio to the floor measured in the same run: evaluating the same
 * stack's program under mocks alone (what `plan` waits for). Then the memory at rest: resident
 * MiB of every process the run started (function hosts, store peers) and of this one; then each
 * running pattern's smoke call, timed (CQRS's includes its projection). One cold
 * run per stack (each starts its own peers), the floor measured right before it. The machine's
 * load average is printed with each stack's figures: on a shared machine it says how far they go.
 */
import { loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { frontDoorCall } from "../plan/dev/command";
import { residentMiB } from "../plan/dev/peers/process";
import { startDev } from "../plan/dev/session";
import { evaluateStacks } from "../plan/compare";

const ROOT = join(__dirname, "..");
const STACKS = ["aws-dev", "azure-dev", "gcp-dev"];

const load = () =>
    `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`;

async function floorMs(stack: string): Promise<number> {
    const t0 = performance.now();
    await evaluateStacks({ stacksDir: join(ROOT, "stacks"), stacks: [stack], clouds: [stack.split("-")[0] as "aws"] });
    return performance.now() - t0;
}

async function main() {
    console.log(`node ${process.version}; ${load()}`);
    for (const stack of STACKS) {
        const floor = await floorMs(stack);
        const t0 = performance.now();
        const session = await startDev({ stack, stacksDir: join(ROOT, "stacks"), log: () => undefined });
        try {
            const first = session.patterns.find((p) => p.url && p.routes.some((r) => r.startsWith("GET ")));
            if (!first) throw new Error(`${stack}: no pattern with a GET route ran`);
            const route = first.routes.find((r) => r.startsWith("GET "))!;
            const answer = await frontDoorCall(first.url!)("GET", route.split(" ")[1].replace(/\{[^}]+\}/g, "1"));
            const firstAnswerMs = performance.now() - t0;
            // At rest: the first answer given, nothing in flight.
            await new Promise((r) => setTimeout(r, 2000));
            const hosts = residentMiB(session.pids);
            const self = residentMiB([process.pid]);
            console.log(
                `${stack}: first answer (${first.className} ${route} -> ${answer.status}) after ${(firstAnswerMs / 1000).toFixed(1)} s ` +
                    `= ${(firstAnswerMs / floor).toFixed(2)}x evaluating the program alone (${(floor / 1000).toFixed(1)} s); ` +
                    `at rest ${hosts.toFixed(0)} MiB in ${session.pids.length} processes started + ${self.toFixed(0)} MiB in the command; ${load()}`,
            );
            // Each running pattern's smoke call once (CQRS: PUT until projected and read back; Event Sourcing: appends and, on Azure, their publication).
            for (const p of session.patterns.filter((p) => p.prepared)) {
                const t1 = performance.now();
                const outcome = await p.prepared!.smoke(frontDoorCall(p.url!));
                console.log(
                    `  ${stack} ${p.className}: smoke ${outcome.ok ? "ok" : "FAILED"} in ${((performance.now() - t1) / 1000).toFixed(2)} s`,
                );
            }
        } finally {
            await session.stop();
        }
    }
}

main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
});
