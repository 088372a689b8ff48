/**
 * Child-process side of `evaluateInChild`: evaluates one Pulumi program under mocks and sends
 * back every resource it registered. The Pulumi runtime is global per process, hence one
 * process per evaluation.
 */
import type { EvaluationRequest, EvaluationReply } from "./evaluate-stack";
import { runProgram } from "./load-program";
import { evaluate, RecordedResource } from "./mock-cloud";

// Pulumi's serialized assets and archives carry this signature key; their contents (bundled
// handlers) are large and have no bearing on the plan.
const ASSET_SIGNATURE = "4dabf18193072939515e22adb298388d";
const MAX_STRING = 64 * 1024;

function compact(value: unknown): unknown {
    if (typeof value === "string") return value.length > MAX_STRING ? `[${value.length} characters]` : value;
    if (Array.isArray(value)) return value.map(compact);
    if (typeof value === "object" && value !== null) {
        if (ASSET_SIGNATURE in value) return "[asset]";
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
    }
    return value;
}

async function run(request: EvaluationRequest): Promise<RecordedResource[]> {
    const { resources } = await evaluate(() => runProgram(request.program), {
        config: request.config,
        stack: request.stack,
        project: request.project,
    });
    return resources.map((r) => ({ ...r, inputs: compact(r.inputs) as Record<string, unknown> }));
}

/** Past this, a child that answered is stopped, whatever still holds its event loop (a Pulumi timer, a socket). */
const LINGER_MS = 5_000;

function reply(message: EvaluationReply): void {
    process.send!(message, undefined, {}, () => {
        // Not process.exit(): writes still under way would be cut off, tsx's cache of the modules
        // transpiled last among them (left empty, so every run transpiled them again with esbuild).
        process.disconnect();
        setTimeout(() => process.exit(0), LINGER_MS).unref();
    });
}

// Errors thrown inside outputs' callbacks surface as unhandled rejections, not from evaluate().
process.on("unhandledRejection", (err) => reply({ error: errorText(err) }));
process.on("uncaughtException", (err) => reply({ error: errorText(err) }));
process.once("message", (request: EvaluationRequest) => {
    run(request).then(
        (resources) => reply({ resources }),
        (err) => reply({ error: errorText(err) }),
    );
});

function errorText(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
}
