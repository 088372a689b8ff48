/**
 * Replays recorded HTTP exchanges behind a read-model adapter's `fetch`, for the services no peer
 * exists for here (OpenSearch, AI Search, BigQuery): each request the adapter sends must be the next one
 * recorded (method, URL, JSON body), and it gets the recorded answer.
 */
import { strict as assert } from "node:assert";
import type { HttpFetch } from "../../handlers/stores/read-model/http";

export interface Exchange {
    readonly request: { readonly method: string; readonly url: string; readonly body?: unknown };
    readonly response: { readonly status: number; readonly body?: unknown };
}

export interface Replay {
    readonly fetch: HttpFetch;
    /** The exchanges not yet asked for. */
    pending(): readonly Exchange[];
}

export function replay(exchanges: readonly Exchange[]): Replay {
    const queue = [...exchanges];
    return {
        fetch: async (url, init) => {
            const next = queue.shift();
            assert.ok(next, `no exchange recorded for ${init.method} ${url}`);
            assert.equal(`${init.method} ${url}`, `${next.request.method} ${next.request.url}`);
            // A text body (OpenSearch's NDJSON bulk) is compared as sent; any other as the JSON it parses to.
            if (typeof next.request.body === "string") assert.equal(init.body, next.request.body);
            else if (next.request.body !== undefined) assert.deepEqual(JSON.parse(init.body ?? "null"), next.request.body);
            const { status, body } = next.response;
            return new Response(body === undefined ? null : JSON.stringify(body), {
                status,
                headers: { "content-type": "application/json" },
            });
        },
        pending: () => queue,
    };
}

/** Sends a GET to a query handler. */
export function get(handler: (r: Request) => Promise<Response>, path: string): Promise<Response> {
    return handler(new Request(`https://api.example.com${path}`));
}
