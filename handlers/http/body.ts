/** Reading a request body within a size limit, so no function buffers more than its pattern needs. */
import { HttpError } from "./problem";

/**
 * The body as UTF-8 text, or a 413 problem once it is over `maxBytes`: refused by its
 * Content-Length before reading, else while reading, so the rest is never buffered.
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
    const tooLarge = (size: string) =>
        new HttpError(413, "Content Too Large", `the body is ${size} bytes; this function takes at most ${maxBytes}`, {
            maxBodyBytes: maxBytes,
        });
    const declared = Number(request.headers.get("content-length") ?? 0);
    if (declared > maxBytes) throw tooLarge(String(declared));
    const chunks: Uint8Array[] = [];
    let size = 0;
    // Leaving the loop early cancels the stream.
    for await (const chunk of request.body ?? []) {
        size += chunk.byteLength;
        if (size > maxBytes) throw tooLarge(`over ${maxBytes}`);
        chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString("utf8");
}
