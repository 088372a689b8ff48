/** Hands a batch of messages to a function's host (`POST /__deliver`, function-host.ts), as the cloud's trigger would invoke it. */
import { DELIVER_PATH } from "../function-host";

/** The invocation's result (a partial batch response on AWS); throws when the invocation failed, as the trigger sees it. */
export async function deliverToHost<T>(hostUrl: string, batch: unknown, headers: Record<string, string> = {}): Promise<T> {
    const answer = await fetch(`${hostUrl}${DELIVER_PATH}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(batch),
    });
    const text = await answer.text();
    if (!answer.ok) throw new Error(`the invocation failed (host answered ${answer.status})${text ? `: ${text.slice(0, 200)}` : ""}`);
    return (text ? JSON.parse(text) : undefined) as T;
}
