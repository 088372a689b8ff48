/**
 * Where the Azure publisher puts change-feed documents it cannot publish: one block blob per
 * document in a private container, written with the function's Entra ID token over the Blob REST
 * API (Put Blob), so the bundle needs no storage SDK. The blob name is the document's id and
 * change-feed position, so a redelivered batch overwrites the same blob instead of adding one.
 */
import type { Message } from "../contracts";

export const STORAGE_SCOPE = "https://storage.azure.com/.default";
/** The Blob service version that accepts OAuth bearer tokens for Put Blob (2017-11-09 or later). */
const BLOB_API_VERSION = "2023-11-03";

/** Keeps a message that must not be retried, with the reason; resolves only once it is durably stored. */
export interface PoisonStore {
    keep(message: Message, reason: string): Promise<void>;
}

export function blobPoisonStore(containerUrl: string, token: () => Promise<string>, fetchImpl: typeof fetch = fetch): PoisonStore {
    const base = containerUrl.replace(/\/+$/, "");
    return {
        async keep(message, reason) {
            const position = changeFeedPosition(message.body);
            const name = `${encodeURIComponent(message.id)}${position === undefined ? "" : `@${position}`}.json`;
            const response = await fetchImpl(`${base}/${name}`, {
                method: "PUT",
                headers: {
                    authorization: `Bearer ${await token()}`,
                    "x-ms-version": BLOB_API_VERSION,
                    "x-ms-blob-type": "BlockBlob",
                    "content-type": "application/json",
                },
                body: JSON.stringify({ reason, id: message.id, receivedAt: message.receivedAt.toISOString(), document: message.body }),
            });
            if (response.status !== 201)
                throw new Error(
                    `Blob storage answered ${response.status} keeping poison document ${message.id}: ${(await response.text()).slice(0, 300)}`,
                );
        },
    };
}

/** The document's change-feed position (`_lsn`), when the body is JSON that has one. */
function changeFeedPosition(body: string): number | undefined {
    try {
        const lsn = (JSON.parse(body) as { _lsn?: unknown })._lsn;
        return typeof lsn === "number" ? lsn : undefined;
    } catch {
        return undefined;
    }
}
