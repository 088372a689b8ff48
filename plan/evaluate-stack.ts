/**
 * Evaluates a Pulumi program under mocks in a child process of its own, so evaluations can
 * run side by side and one program's global Pulumi state never leaks into the next.
 */
import { fork } from "node:child_process";
import { extname, join } from "node:path";
import type { RecordedResource } from "./mock-cloud";
import { PROJECT } from "./stack-file";

export interface EvaluationRequest {
    /** Absolute path of the program module (e.g. stacks/index.ts). */
    readonly program: string;
    /** Fully qualified stack config. */
    readonly config: Record<string, string>;
    readonly stack: string;
    readonly project: string;
}

export type EvaluationReply = { readonly resources: RecordedResource[] } | { readonly error: string };

// evaluate-child.ts from source, evaluate-child.js compiled into lib/.
const CHILD = join(__dirname, `evaluate-child${extname(__filename)}`);
// From source the child needs a TypeScript loader for itself; compiled, it registers one for the program.
const CHILD_EXEC_ARGV = extname(__filename) === ".ts" ? ["--require", require.resolve("tsx/cjs")] : [];
/** A program that has not finished by then is stuck (an output that never resolves). */
const TIMEOUT_MS = 10 * 60 * 1000;

export function evaluateInChild(
    program: string,
    config: Record<string, string>,
    stack: string,
    project: string = PROJECT,
): Promise<RecordedResource[]> {
    const request: EvaluationRequest = { program, config, stack, project };
    return new Promise((resolve, reject) => {
        const child = fork(CHILD, [], {
            execArgv: CHILD_EXEC_ARGV,
            // The program's console output is not the plan's: keep stdout clean for --json.
            stdio: ["ignore", "pipe", "pipe", "ipc"],
        });
        let stderr = "";
        child.stderr!.on("data", (d) => (stderr += d));
        child.stdout!.resume();
        let settled = false;
        const timer = setTimeout(() => {
            settled = true;
            child.kill();
            reject(new Error(`stack ${stack}: evaluating ${program} under mocks did not finish in ${TIMEOUT_MS / 60000} minutes`));
        }, TIMEOUT_MS);
        child.once("message", (reply: EvaluationReply) => {
            clearTimeout(timer);
            if (settled) return;
            settled = true;
            if ("error" in reply) reject(new Error(`stack ${stack}: the program ${program} failed under mocks: ${reply.error}`));
            // Registration order depends on when outputs resolve: sort for stable output.
            else resolve(reply.resources.sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name)));
        });
        child.once("exit", (code) => {
            clearTimeout(timer);
            if (!settled)
                reject(
                    new Error(
                        `stack ${stack}: evaluating ${program} exited with code ${code} before answering${stderr ? `:\n${stderr.trim()}` : ""}`,
                    ),
                );
        });
        child.send(request);
    });
}

/** Runs `tasks` at most `limit` at a time, keeping their order in the result. */
export async function inParallel<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
    const results: T[] = new Array(tasks.length);
    let next = 0;
    const worker = async () => {
        while (next < tasks.length) {
            const i = next++;
            results[i] = await tasks[i]();
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
    return results;
}
