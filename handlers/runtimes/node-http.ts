/**
 * node:http plumbing shared by the GCP adapter (Express is node:http underneath) and local runs:
 * headers from the raw header list, and a fetch Response written back with every Set-Cookie kept.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Request headers as received, a repeated one once per line, so the fetch API joins them as it should. */
export function headersOf(req: IncomingMessage): [string, string][] {
    const headers: [string, string][] = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
    return headers;
}

/** Reads what is left of the request body (all of it, if nothing read it before). */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
}

/** Writes a fetch Response to a node:http response; each Set-Cookie stays a header of its own. */
export async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
    const body = Buffer.from(await response.arrayBuffer());
    res.statusCode = response.status;
    response.headers.forEach((value, name) => {
        if (name !== "set-cookie") res.setHeader(name, value);
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) res.setHeader("set-cookie", cookies);
    res.end(body);
}
