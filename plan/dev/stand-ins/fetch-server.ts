/**
 * Serves a stand-in written as a `fetch` (the read stores' in-memory stand-ins: OpenSearch, ...)
 * on 127.0.0.1, so a function process reaches it over HTTP at the URL its settings name, with
 * each call a live log line.
 */
import { createServer } from "node:http";
import type { HttpFetch } from "../../../handlers/stores/read-model/http";
import { headersOf, readBody } from "../../../handlers/runtimes/node-http";
import { ListeningServer, listenLocal } from "../listen-local";

export function serveFetch(name: string, fetch: HttpFetch, log: (line: string) => void): Promise<ListeningServer> {
    const server = createServer((req, res) => {
        readBody(req)
            .then(async (body) => {
                const answer = await fetch(`http://127.0.0.1${req.url ?? "/"}`, {
                    method: req.method ?? "GET",
                    headers: Object.fromEntries(headersOf(req).map(([n, v]) => [n.toLowerCase(), v])),
                    body: body.length ? body.toString("utf8") : undefined,
                });
                log(`${name} ${req.method} ${new URL(req.url ?? "/", "http://127.0.0.1").pathname} -> ${answer.status}`);
                res.writeHead(answer.status, Object.fromEntries(answer.headers));
                res.end(Buffer.from(await answer.arrayBuffer()));
            })
            .catch((err: unknown) => {
                log(`${name} ${req.method} ${req.url}: ${err instanceof Error ? err.message : String(err)}`);
                res.writeHead(500).end();
            });
    });
    return listenLocal(server);
}
