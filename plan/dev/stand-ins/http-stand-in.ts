/**
 * A local HTTP service standing in for a system the pattern calls (a Gateway Aggregation backend,
 * the Anti-Corruption Layer's legacy service), with the `--faults` of its target applied: latency
 * on every answer, and a fault status instead of the answer for the drawn share of calls.
 */
import { createServer, IncomingMessage, Server } from "node:http";
import { readBody } from "../../../handlers/runtimes/node-http";
import { faultDraws, HttpFaults } from "../faults";
import { listenLocal } from "../listen-local";

/** What the stand-in answers when no fault is drawn. */
export interface StandInAnswer {
    readonly status: number;
    readonly contentType: string;
    readonly body: string;
}

export type AnswerFor = (req: IncomingMessage, body: string) => StandInAnswer;

export interface RunningStandIn {
    /** Base URL, `http://127.0.0.1:<port>`. */
    readonly url: string;
    /** Calls received, in order (method, path, and the status answered). */
    readonly calls: { method: string; path: string; status: number }[];
    stop(): Promise<void>;
}

/** Starts the stand-in on 127.0.0.1; `onCall` hears of every call with the status it got. */
export async function startHttpStandIn(
    target: string,
    answer: AnswerFor,
    faults: HttpFaults | undefined,
    seed: number,
    onCall: (line: string) => void,
): Promise<RunningStandIn> {
    const draw = faultDraws(seed, target);
    const calls: RunningStandIn["calls"] = [];
    const server: Server = createServer((req, res) => {
        readBody(req).then(
            (body) => {
                const faulted = faults?.status !== undefined && draw() < faults.rate;
                const normal = faulted ? undefined : answer(req, body.toString("utf8"));
                const status = faulted ? faults!.status! : normal!.status;
                const send = () => {
                    if (res.destroyed) return;
                    calls.push({ method: req.method ?? "GET", path: req.url ?? "/", status });
                    onCall(`${target} ${req.method} ${req.url} -> ${status}${faulted ? " (fault injected)" : ""}`);
                    if (faulted) {
                        res.writeHead(status, { "content-type": "application/problem+json" });
                        res.end(JSON.stringify({ type: "about:blank", title: "Injected fault", status, detail: `--faults on ${target}` }));
                    } else {
                        res.writeHead(status, { "content-type": normal!.contentType });
                        res.end(normal!.body);
                    }
                };
                if (faults?.latencyMs) setTimeout(send, faults.latencyMs).unref();
                else send();
            },
            () => res.destroy(),
        );
    });
    return { ...(await listenLocal(server)), calls };
}
