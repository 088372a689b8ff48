/**
 * A pattern's front door on 127.0.0.1, standing in for API Gateway / API Management: only the
 * stack's routes are served, each forwarded to the local host of its function, and every request
 * is one live log line (method, path, status, time taken).
 */
import { createServer, request as httpRequest, Server } from "node:http";
import { ListeningServer, listenLocal } from "./listen-local";
import { sendProblem } from "./problem";

/** A route matched to the port of the function host behind it. */
export interface FrontDoorRoute {
    readonly key: string;
    readonly port: number;
}

export type RunningFrontDoor = ListeningServer;

function matcher(key: string): { method: string; test: RegExp } {
    const [method, path] = key.split(" ");
    const pattern = path
        .split("/")
        .map((segment) => (segment.startsWith("{") ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
        .join("/");
    return { method, test: new RegExp(`^${pattern}$`) };
}

export async function startFrontDoor(routes: readonly FrontDoorRoute[], log: (line: string) => void): Promise<RunningFrontDoor> {
    const matchers = routes.map((r) => ({ ...matcher(r.key), port: r.port }));
    const server: Server = createServer((req, res) => {
        const started = performance.now();
        const path = new URL(req.url ?? "/", "http://localhost").pathname;
        const route = matchers.find((m) => m.method === req.method && m.test.test(path));
        const done = (status: number) => log(`${req.method} ${req.url} -> ${status} (${Math.round(performance.now() - started)} ms)`);
        if (!route) {
            sendProblem(res, 404, "Not Found", `no route ${req.method} ${path}; routes are ${routes.map((r) => r.key).join(", ")}`, path);
            return done(404);
        }
        const forward = httpRequest(
            { host: "127.0.0.1", port: route.port, method: req.method, path: req.url, headers: req.headers },
            (answer) => {
                res.writeHead(answer.statusCode ?? 502, answer.headers);
                answer.pipe(res);
                answer.on("end", () => done(answer.statusCode ?? 502));
            },
        );
        forward.on("error", (err) => {
            sendProblem(res, 502, "Bad Gateway", `the function did not answer: ${err.message}`, path);
            done(502);
        });
        req.pipe(forward);
    });
    return listenLocal(server);
}
