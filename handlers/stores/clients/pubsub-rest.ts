/**
 * Publishing to a Pub/Sub topic over the REST API (v1 `projects.topics.publish`) with the
 * function's own identity. Not @google-cloud/pubsub: with google-gax and gRPC it bundles to
 * ~3.9 MiB for this one call. The emulator serves the same REST API on its port
 * (`PUBSUB_EMULATOR_HOST`), without tokens.
 */
import { googleRestCall, type GoogleRestOptions, retryOnStatus } from "./google-rest";

export interface PubSubMessage {
    /** The payload; a string is sent as its UTF-8 bytes. */
    readonly data: string | Uint8Array;
    readonly attributes?: Readonly<Record<string, string>>;
    /** Messages of one key are delivered in the order published, to subscriptions with message ordering. */
    readonly orderingKey?: string;
}

export interface PubSubTopic {
    /** The topic's full name, `projects/P/topics/T`. */
    readonly name: string;
    /** Publishes the messages in one request, in order; returns their message ids. */
    publish(messages: readonly PubSubMessage[]): Promise<readonly string[]>;
}

/**
 * Publish retries what the SDK's publisher_client_config.json lists for it, from 100 ms by 4 ×;
 * 4 retries (about 8.5 s of waiting) rather than the SDK's 600 s total, which outlasts a function's timeout.
 */
const PUBLISH_RETRY = {
    statuses: ["CANCELLED", "UNKNOWN", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED", "ABORTED", "INTERNAL", "UNAVAILABLE"],
    retries: 4,
    initialDelay: 100,
    exponent: 4,
    maxDelay: 60_000,
};

/** `name` is the topic's full name; `endpoint` defaults to https://pubsub.googleapis.com. */
export function pubSubRestTopic(name: string, options: GoogleRestOptions = {}): PubSubTopic {
    const call = googleRestCall("Pub/Sub", "https://pubsub.googleapis.com", options);
    const publishes = retryOnStatus(PUBLISH_RETRY);
    return {
        name,
        async publish(messages) {
            if (messages.length === 0) return [];
            const body = {
                messages: messages.map((m) => ({
                    data: Buffer.from(m.data).toString("base64"),
                    ...(m.attributes && { attributes: m.attributes }),
                    ...(m.orderingKey && { orderingKey: m.orderingKey }),
                })),
            };
            return (await publishes.execute(() => call<{ messageIds: string[] }>(`${name}:publish`, body))).messageIds;
        },
    };
}

/** The options for the functions: the REST API with the function's service account, or the emulator `PUBSUB_EMULATOR_HOST` names (plain HTTP, no token). */
export function pubSubEmulatorOptions(): GoogleRestOptions {
    const emulator = process.env.PUBSUB_EMULATOR_HOST;
    return emulator ? { endpoint: `http://${emulator}`, token: null } : {};
}

/** The topic for the functions (see {@link pubSubEmulatorOptions}). */
export function pubSubTopic(name: string): PubSubTopic {
    return pubSubRestTopic(name, pubSubEmulatorOptions());
}
