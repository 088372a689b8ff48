/**
 * The projector, cloud-neutral: a batch of changes -> read documents, written in one bulk request.
 *
 * - Idempotent: a change whose version the read model already has (or passed) is skipped, so a
 *   redelivered change gives the same read document, and an older change never overwrites a newer one.
 * - Changes of one id are applied in version order; when one fails (the projection throws, or its
 *   write is refused) it and the later changes of that id are reported failed, and every other id
 *   of the batch is still written. The runtime adapter turns the failed ids into the cloud's
 *   retry (partial batch response, redelivery) and, after the bounded attempts, its dead-letter destination.
 */
import type { Message, MessageBatchHandler } from "../contracts";
import type { ReadDocument, ReadModelStore } from "../stores/read-model/port";
import type { Change, ChangeDecoder } from "./changes";
import type { JsonDocument } from "./command-module";
import type { ProjectionModule } from "./projection-module";
import type { ReadModelDocument } from "./settings-document";

export interface ProjectorOptions {
    readonly readModel: ReadModelDocument;
    readonly store: ReadModelStore;
    readonly decode: ChangeDecoder;
    readonly projection: ProjectionModule;
}

interface Decoded {
    readonly message: Message;
    readonly change: Change;
}

export function createProjector(options: ProjectorOptions): MessageBatchHandler {
    const { readModel, store, decode, projection } = options;
    const fields = Object.keys(readModel.fields);
    return async (messages) => {
        const failed = new Set<string>();
        const byId = new Map<string, Decoded[]>();
        for (const message of messages) {
            try {
                const change = decode(message);
                byId.set(change.id, [...(byId.get(change.id) ?? []), { message, change }]);
            } catch (err) {
                console.error(`projector: message ${message.id} is not a change`, err);
                failed.add(message.id);
            }
        }
        const current = await store.getMany([...byId.keys()]);
        const writes: ReadDocument[] = [];
        const contributors = new Map<string, Decoded[]>();
        for (const [id, changes] of byId) {
            let document = current.get(id);
            const applied: Decoded[] = [];
            const ordered = [...changes].sort((a, b) => a.change.version - b.change.version);
            for (let i = 0; i < ordered.length; i++) {
                const { message, change } = ordered[i];
                if (document !== undefined && change.version <= document.version) continue;
                try {
                    const base = document && !document.deleted ? document.document : undefined;
                    document = readDocument(id, change.version, await projection.project(change, base), fields, readModel.key);
                    applied.push(ordered[i]);
                } catch (err) {
                    console.error(`projector: ${id} version ${change.version} (message ${message.id}) could not be projected`, err);
                    ordered.slice(i).forEach((later) => failed.add(later.message.id));
                    break;
                }
            }
            if (applied.length > 0 && document !== undefined) {
                writes.push(document);
                contributors.set(id, applied);
            }
        }
        if (writes.length > 0) {
            for (const outcome of await store.write(writes)) {
                if (outcome.error === undefined) continue;
                console.error(`projector: writing ${outcome.id} failed: ${outcome.error}`);
                contributors.get(outcome.id)?.forEach((d) => failed.add(d.message.id));
            }
        }
        return [...failed];
    };
}

/** The projection's result as a read document: the declared fields only, the key set, or a tombstone. */
function readDocument(id: string, version: number, projected: JsonDocument | null, fields: readonly string[], key: string): ReadDocument {
    if (projected === null) return { id, version, deleted: true, document: {} };
    if (typeof projected !== "object" || Array.isArray(projected)) {
        throw new TypeError(`the projection returned ${JSON.stringify(projected)}; it must return an object or null`);
    }
    const document: Record<string, unknown> = {};
    for (const field of fields) if (projected[field] !== undefined) document[field] = projected[field];
    document[key] = id;
    return { id, version, deleted: false, document };
}
