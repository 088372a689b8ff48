/**
 * A stand-in legacy SOAP service on 127.0.0.1 for the handler tests. Serves the fixtures in
 * test/fixtures/anti-corruption-layer (hand-written in real SOAP 1.1/1.2 shapes; see its README)
 * and records every request it receives.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

export function fixture(name: string): string {
    return readFileSync(join(__dirname, "../fixtures/anti-corruption-layer", name), "utf8");
}

export interface ReceivedRequest {
    readonly headers: IncomingHttpHeaders;
    readonly body: string;
}

export interface Answer {
    readonly status?: number;
    readonly contentType?: string;
    readonly body: string;
    /** Wait this long before answering (a slow legacy system). */
    readonly delayMs?: number;
}

export class LegacyService {
    readonly received: ReceivedRequest[] = [];
    private answers: Answer[] = [];
    private readonly sockets = new Set<import("node:net").Socket>();
    private constructor(
        private readonly server: Server,
        readonly url: string,
    ) {}

    static async start(): Promise<LegacyService> {
        const server = createServer();
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const service = new LegacyService(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/OrderService.asmx`);
        server.on("connection", (s) => {
            service.sockets.add(s);
            s.on("close", () => service.sockets.delete(s));
        });
        server.on("request", (req, res) => {
            const chunks: Buffer[] = [];
            req.on("data", (c: Buffer) => chunks.push(c));
            req.on("end", () => service.respond(req.headers, Buffer.concat(chunks).toString("utf8"), res));
        });
        return service;
    }

    /** Queue answers, served in order; the last one repeats. */
    serve(...answers: Answer[]): void {
        this.answers = answers;
        this.received.length = 0;
    }

    private respond(headers: IncomingHttpHeaders, body: string, res: ServerResponse): void {
        this.received.push({ headers, body });
        const answer = this.answers.length > 1 ? this.answers.shift()! : this.answers[0];
        if (!answer) {
            res.writeHead(500).end("no answer scripted");
            return;
        }
        const send = () => {
            if (res.destroyed) return;
            res.writeHead(answer.status ?? 200, { "content-type": answer.contentType ?? "text/xml; charset=utf-8" });
            res.end(answer.body);
        };
        if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
        else send();
    }

    async stop(): Promise<void> {
        for (const s of this.sockets) s.destroy();
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }
}
