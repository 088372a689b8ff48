/**
 * The GCP projector's dead-letter sink: a Pub/Sub topic, each given-up change published as it came,
 * with its id and attempt, over the REST API (`topics.publish`) with the function's own identity.
 * Not @google-cloud/pubsub: it bundles to ~3.9 MiB for this one call.
 */
import { AccessTokenSource, metadataServerToken } from "../queues/cloud-tasks-api";
import type { DeadLetterSink } from "./dead-letters";

export interface PubSubRestOptions {
    /** @default "https://pubsub.googleapis.com" */
    readonly endpoint?: string;
    /** Where tokens come from; `null` sends none (the emulator). @default the metadata server's */
    readonly token?: AccessTokenSource | null;
}

/** `topic` is the full name, `projects/P/topics/T`. */
export function pubSubDeadLetterSink(topic: string, options: PubSubRestOptions = {}): DeadLetterSink {
    const endpoint = options.endpoint ?? "https://pubsub.googleapis.com";
    const token = options.token === undefined ? metadataServerToken() : options.token;
    return async (messages) => {
        if (messages.length === 0) return;
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (token) headers.authorization = `Bearer ${await token()}`;
        const res = await fetch(`${endpoint}/v1/${topic}:publish`, {
            method: "POST",
            headers,
            body: JSON.stringify({
                messages: messages.map((m) => ({
                    data: Buffer.from(m.body, "utf8").toString("base64"),
                    attributes: { ...m.attributes, change: m.id, attempt: String(m.attempt) },
                })),
            }),
        });
        if (!res.ok) throw new Error(`Pub/Sub answered ${res.status} publishing to ${topic}: ${(await res.text()).slice(0, 300)}`);
    };
}
