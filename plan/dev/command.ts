/**
 * `cloud-patterns dev`: starts the stack on this machine (session.ts), prints the local URL of
 * every pattern's routes, then either keeps running with a live log until SIGINT / SIGTERM, or
 * with `--smoke` calls every pattern once, prints one line per pattern and stops.
 */
import { request as httpRequest } from "node:http";
import { DevOptions, DevSession, startDev } from "./session";
import type { CallAnswer, FrontDoorCall } from "./wiring";

export interface DevCommandOptions extends Omit<DevOptions, "log"> {
    readonly smoke?: boolean;
    readonly out: (text: string) => void;
    /** Resolves when the run should stop (SIGINT / SIGTERM); only without `smoke`. */
    readonly stopSignal?: Promise<unknown>;
}

/** The table of local URLs, one row per route, and the skipped patterns with their reasons. */
export function renderRoutes(session: DevSession): string {
    const rows = session.patterns.flatMap((p) =>
        p.skipped ? [[p.className, "-", `skipped: ${p.skipped}`]] : p.routes.map((r) => [p.className, r, `${p.url}${r.split(" ")[1]}`]),
    );
    const header = ["pattern", "route", "local URL"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) =>
        cells
            .map((c, i) => c.padEnd(widths[i]))
            .join("  ")
            .trimEnd();
    return [
        `stack ${session.stack} on ${session.cloud}, on 127.0.0.1:`,
        line(header),
        line(widths.map((w) => "-".repeat(w))),
        ...rows.map(line),
        "",
    ].join("\n");
}

/** Calls a front door on 127.0.0.1 with node:http (a JSON body when given). */
export function frontDoorCall(base: string): FrontDoorCall {
    return (method, path, body, headers = {}) =>
        new Promise<CallAnswer>((resolve, reject) => {
            const payload = body === undefined ? undefined : JSON.stringify(body);
            const req = httpRequest(
                `${base}${path}`,
                { method, headers: { ...(payload && { "content-type": "application/json" }), ...headers } },
                (res) => {
                    const chunks: Buffer[] = [];
                    res.on("data", (c: Buffer) => chunks.push(c));
                    res.on("end", () =>
                        resolve({
                            status: res.statusCode ?? 0,
                            contentType: String(res.headers["content-type"] ?? ""),
                            text: Buffer.concat(chunks).toString("utf8"),
                        }),
                    );
                    res.on("error", reject);
                },
            );
            req.on("error", reject);
            req.end(payload);
        });
}

/** Smoke run: one line per pattern; true when every pattern that ran answered as its docs say. */
export async function smoke(session: DevSession, out: (text: string) => void): Promise<boolean> {
    let ok = true;
    for (const p of session.patterns) {
        if (p.skipped || !p.prepared) {
            out(`skip  ${p.className}: ${p.skipped}\n`);
            continue;
        }
        const outcome = await p.prepared.smoke(frontDoorCall(p.url!)).catch((err: unknown) => ({
            ok: false,
            summary: `failed: ${err instanceof Error ? err.message : String(err)}`,
        }));
        ok &&= outcome.ok;
        out(`${outcome.ok ? "ok  " : "FAIL"}  ${p.className}: ${outcome.summary}\n`);
    }
    return ok;
}

/** Runs the command; resolves with its exit code once everything it started is stopped. */
export async function runDev(options: DevCommandOptions): Promise<number> {
    const session = await startDev({ ...options, log: (line) => options.out(`${line}\n`) });
    try {
        options.out(renderRoutes(session));
        // Parsed and checked; where no running pattern applies them, say so rather than let the run look faulted.
        for (const target of ["store", "queue"] as const)
            if (session.faults[target] && !session.patterns.some((p) => p.prepared?.appliesFaults?.includes(target)))
                options.out(`--faults ${target}: not applied: no pattern running locally has its ${target} wired for faults\n`);
        if (options.smoke) return (await smoke(session, options.out)) ? 0 : 1;
        options.out(`running; Ctrl-C stops it (${session.pids.length} function processes: ${session.pids.join(" ")})\n`);
        await options.stopSignal;
        return 0;
    } finally {
        await session.stop();
        options.out("stopped\n");
    }
}
