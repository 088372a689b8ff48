/** Helpers of the runtime adapter tests: recorded payloads, and capturing what adapters log. */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";

export const FIXTURES = path.resolve(__dirname, "../fixtures/runtimes");

/** A recorded payload from test/fixtures/runtimes, parsed fresh each call so tests can change it. */
export function fixture<T>(name: string): T {
    return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8")) as T;
}

/** Runs `fn` with console.error captured (adapters log failures there); returns its value and the log. */
export async function quietConsoleError<T>(fn: () => Promise<T>): Promise<{ value: T; logged: string }> {
    const original = console.error;
    const lines: string[] = [];
    console.error = (...args: unknown[]) => void lines.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(" "));
    try {
        return { value: await fn(), logged: lines.join("\n") };
    } finally {
        console.error = original;
    }
}

export interface RawResponse {
    readonly status: number;
    readonly headers: http.IncomingHttpHeaders;
    readonly body: Buffer;
}

/**
 * One HTTP call with node:http, which (unlike fetch) can send a header twice on separate lines
 * and shows each Set-Cookie of the answer apart.
 */
export function httpCall(
    url: string,
    options: { method?: string; headers?: Record<string, string | string[]>; body?: Buffer | string } = {},
): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
        const req = http.request(url, { method: options.method ?? "GET", headers: options.headers }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
            res.on("error", reject);
        });
        req.on("error", reject);
        req.end(options.body);
    });
}

/** Listens on a free port of 127.0.0.1 and returns the base URL. */
export async function listenLocally(server: Server): Promise<string> {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * Requires each bundle folder's index.js in one fresh Node process with no settings, as a runtime
 * does at cold start, and returns the error of each that failed to load. Missing settings never
 * fail a load (handlers/cold-start.ts): they fail each call instead.
 */
export function loadFailures(dirs: readonly string[]): Record<string, string> {
    const script = `
        const failures = {};
        for (const dir of JSON.parse(process.argv[1])) {
            try { require(require("path").join(dir, "index.js")); }
            catch (err) { failures[dir] = err.name + ": " + err.message; }
        }
        process.stdout.write(JSON.stringify(failures));`;
    return JSON.parse(
        execFileSync(process.execPath, ["-e", script, JSON.stringify(dirs)], { encoding: "utf8", env: { PATH: process.env.PATH } }),
    );
}

/** The body of the recorded POST (API Gateway fixture `apigw-v2-post.json`), sent the same way on every runtime. */
export const RECORDED_BODY = Buffer.from("AAECA/7/gIE=", "base64");

/** The recorded request's URL path and query, as each runtime's test sends it. */
export const RECORDED_PATH = "/orders/o-42/items?expand=lines&expand=totals&note=caf%C3%A9";

/**
 * Asserts what the `inspect` fixture handler saw of the recorded request: path, repeated query
 * parameters, the percent-encoded value, repeated Accept headers joined, cookies, the body bytes.
 */
export function assertRecordedRequestSeen(responseBody: string | Buffer, options: { cookies: boolean } = { cookies: true }): void {
    const seen = JSON.parse(responseBody.toString());
    assert.equal(seen.path, "/orders/o-42/items");
    assert.deepEqual(seen.expand, ["lines", "totals"]);
    assert.equal(seen.note, "café");
    assert.equal(seen.accept, "application/json, text/plain");
    assert.equal(seen.cookie, options.cookies ? "session=abc123; theme=dark" : null);
    assert.deepEqual(Buffer.from(seen.bodyBase64, "base64"), RECORDED_BODY);
}

/** What a test expects of an RFC 9457 problem document; `detail` is matched, the rest compared. */
export interface ExpectedProblem {
    readonly status: number;
    readonly title: string;
    readonly detail: RegExp;
    readonly instance: string;
    readonly requestId?: string;
}

/**
 * Asserts an answer is an RFC 9457 problem document (handlers/http/problem.ts): the media type,
 * the five members with the status echoed, and the request id both as extension and header.
 */
export function assertProblem(
    answer: {
        readonly status: number;
        readonly contentType: string | undefined;
        readonly body: string | Uint8Array;
        readonly requestIdHeader?: string;
    },
    expected: ExpectedProblem,
): Record<string, unknown> {
    assert.equal(answer.status, expected.status);
    assert.equal(answer.contentType, "application/problem+json");
    const doc = JSON.parse(Buffer.from(answer.body).toString("utf8")) as Record<string, unknown>;
    assert.equal(doc.type, "about:blank");
    assert.equal(doc.title, expected.title);
    assert.equal(doc.status, expected.status);
    assert.match(String(doc.detail), expected.detail);
    assert.equal(doc.instance, expected.instance);
    assert.equal(typeof doc.requestId, "string");
    assert.notEqual(doc.requestId, "");
    if (expected.requestId !== undefined) assert.equal(doc.requestId, expected.requestId);
    if (answer.requestIdHeader !== undefined) assert.equal(answer.requestIdHeader, doc.requestId);
    assert.equal("error" in doc, false, "no second error format beside the problem document");
    return doc;
}

/** A node:http answer in the shape {@link assertProblem} reads. */
export function nodeAnswer(res: RawResponse) {
    const requestId = res.headers["x-request-id"];
    return {
        status: res.status,
        contentType: res.headers["content-type"],
        body: res.body,
        requestIdHeader: typeof requestId === "string" ? requestId : undefined,
    };
}
