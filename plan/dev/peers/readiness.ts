import * as http from "node:http";
import * as http2 from "node:http2";
import { PeerStartError } from "./errors";

/** Default bound on a peer's start; Java emulators on a busy 2-core machine need the headroom. */
export const startTimeoutMs = Number(process.env.PEERS_START_TIMEOUT_MS ?? 60_000);

const pollIntervalMs = 100;

export interface ReadinessTarget {
    readonly peer: string;
    readonly command: string;
    /** The end of the peer's output, for the error message. */
    outputTail(): string;
    /** Set once the peer's process has exited (it will never become ready). */
    exitReason(): string | undefined;
}

/**
 * Polls `probe` (a real request in the peer's protocol) until it succeeds, the
 * process dies, or the start timeout passes; the errors name peer, command and output.
 */
export async function waitUntilReady<T>(target: ReadinessTarget, probe: () => Promise<T>, timeoutMs = startTimeoutMs): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
        const exited = target.exitReason();
        if (exited) throw new PeerStartError(target.peer, target.command, exited, target.outputTail(), true);
        try {
            return await probe();
        } catch (error) {
            lastError = error;
        }
        if (Date.now() > deadline) {
            const why = `not ready after ${timeoutMs} ms (last probe error: ${String((lastError as Error)?.message ?? lastError)})`;
            throw new PeerStartError(target.peer, target.command, why, target.outputTail());
        }
        await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    }
}

export interface HttpAnswer {
    readonly status: number;
    readonly headers: http.IncomingHttpHeaders;
    readonly body: string;
}

/** One plain HTTP request (2 s timeout unless told, short enough for readiness polls); rejects on connection errors. */
export function httpRequest(
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
        const request = http.request(
            url,
            { method: init.method ?? "GET", headers: init.headers, timeout: init.timeoutMs ?? 2000 },
            (response) => {
                let body = "";
                response.setEncoding("utf8");
                response.on("data", (chunk: string) => (body += chunk));
                response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
            },
        );
        request.on("timeout", () => request.destroy(new Error(`timeout calling ${url}`)));
        request.on("error", reject);
        request.end(init.body);
    });
}

/**
 * Calls a gRPC method with an empty message over plain HTTP/2 and resolves once
 * the server answers with any grpc-status: the gRPC server is up and serving.
 */
export function grpcAnswers(authority: string, method: string): Promise<void> {
    return new Promise((resolve, reject) => {
        const session = http2.connect(authority);
        const fail = (error: Error) => {
            session.destroy();
            reject(error);
        };
        session.once("error", fail);
        session.setTimeout(2000, () => fail(new Error(`timeout calling ${authority}${method}`)));
        const stream = session.request({ ":method": "POST", ":path": method, "content-type": "application/grpc", te: "trailers" });
        let status: string | undefined;
        const note = (headers: http2.IncomingHttpHeaders) => (status ??= headers["grpc-status"] as string | undefined);
        stream.on("response", note);
        stream.on("trailers", note);
        stream.on("error", fail);
        stream.on("data", () => undefined);
        stream.on("end", () => {
            session.close();
            if (status === undefined) reject(new Error(`${authority}${method} answered without a grpc-status`));
            else resolve();
        });
        // One gRPC frame: not compressed, length 0 (an empty request message).
        stream.end(Buffer.from([0, 0, 0, 0, 0]));
    });
}
