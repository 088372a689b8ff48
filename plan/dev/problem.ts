/** An RFC 9457 problem document (the handlers' own format) written to a node:http response, for answers the dev command gives itself. */
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { HttpError, PROBLEM_CONTENT_TYPE, problemDocument } from "../../handlers/http/problem";

export function sendProblem(res: ServerResponse, status: number, title: string, detail: string, instance = "/"): void {
    if (res.headersSent) return void res.end();
    res.writeHead(status, { "content-type": PROBLEM_CONTENT_TYPE });
    res.end(JSON.stringify(problemDocument(new HttpError(status, title, detail), { instance, requestId: randomUUID() })));
}
