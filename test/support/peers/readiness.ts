import * as http from "node:http";
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
    if (exited) throw new PeerStartError(target.peer, target.command, exited, target.outputTail());
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
  readonly body: string;
}

/** One plain HTTP request with a short timeout; rejects on connection errors. */
export function httpRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: init.method ?? "GET", headers: init.headers, timeout: 2000 }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("timeout", () => request.destroy(new Error(`timeout calling ${url}`)));
    request.on("error", reject);
    request.end(init.body);
  });
}
