/** Serves an {@link HttpHandler} on node:http, for local runs and tests. */
import { randomUUID } from "node:crypto";
import { createServer, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { HttpHandler } from "../contracts";
import { exchange } from "./http-exchange";
import { headersOf, readBody, writeResponse } from "./node-http";

export interface LocalServerOptions {
    /** @default 0 (any free port) */
    readonly port?: number;
    /** @default "127.0.0.1" (never all interfaces unless asked) */
    readonly host?: string;
}

export interface LocalServer {
    readonly server: Server;
    /** Base URL, e.g. `http://127.0.0.1:41234`, without a trailing slash. */
    readonly url: string;
    close(): Promise<void>;
}

/** Starts a server for the handler; resolves once it listens. */
export async function serveLocal(handler: HttpHandler, options: LocalServerOptions = {}): Promise<LocalServer> {
    const host = options.host ?? "127.0.0.1";
    const server = createServer((req, res) => {
        readBody(req)
            .then((body) =>
                exchange(handler, {
                    url: `http://${req.headers.host ?? host}${req.url ?? "/"}`,
                    method: req.method ?? "GET",
                    headers: headersOf(req),
                    body,
                    platformRequestId: randomUUID(),
                }),
            )
            .then((response) => writeResponse(res, response))
            .catch((err: unknown) => {
                console.error("local server failed to answer:", err);
                if (!res.headersSent) res.statusCode = 500;
                res.end();
            });
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port ?? 0, host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const urlHost = host.includes(":") ? `[${host}]` : host;
    return {
        server,
        url: `http://${urlHost}:${port}`,
        close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
    };
}
