/**
 * The write model's contract (handlers/stores/documents/port.ts), run against each adapter on a
 * real peer: versions, conflicts, tombstones, races, and (where the peer has a change stream) the
 * change each write puts on it, read the way the cloud's trigger reads it and decoded by the projector's decoder.
 */
import { strict as assert } from "node:assert";
import type { Change } from "../../handlers/cqrs/changes";
import { DocumentStore, DocumentVersionConflictError } from "../../handlers/stores/documents/port";

export interface DocumentStoreSubject {
    open(): Promise<DocumentStore>;
    close(): Promise<void>;
    /** The changes written since the subject opened, decoded; absent where the peer has no change stream. */
    changes?(): Promise<Change[]>;
}

export function documentStoreContract(title: string, subject: () => DocumentStoreSubject): void {
    describe(`write model contract: ${title}`, function () {
        this.timeout(120_000);
        const s = subject();
        let store: DocumentStore;
        let id = 0;
        const next = () => `product-${++id}-${Date.now()}`;
        before(async () => (store = await s.open()));
        after(() => s.close());

        it("reads nothing for an id never written, then version 1 after the first write", async () => {
            const key = next();
            assert.equal(await store.read(key), undefined);
            const written = await store.write(
                key,
                { deleted: false, document: { id: key, name: "Lamp", price: 25, nested: { a: [1, "x"] } } },
                0,
            );
            assert.deepEqual(written, {
                id: key,
                version: 1,
                deleted: false,
                document: { id: key, name: "Lamp", price: 25, nested: { a: [1, "x"] } },
            });
            assert.deepEqual(await store.read(key), written);
        });

        it("refuses a write on a stale version, naming the version stored", async () => {
            const key = next();
            await store.write(key, { deleted: false, document: { v: 1 } }, 0);
            await store.write(key, { deleted: false, document: { v: 2 } }, 1);
            await assert.rejects(store.write(key, { deleted: false, document: { v: 3 } }, 1), (err: unknown) => {
                assert.ok(err instanceof DocumentVersionConflictError);
                assert.deepEqual([err.expected, err.actual], [1, 2]);
                return true;
            });
            await assert.rejects(
                store.write(key, { deleted: false, document: {} }, 0),
                (err: DocumentVersionConflictError) => err.actual === 2,
            );
            assert.deepEqual((await store.read(key))?.document, { v: 2 });
        });

        it("keeps a delete as a tombstone whose version the next create continues from", async () => {
            const key = next();
            await store.write(key, { deleted: false, document: { v: 1 } }, 0);
            const tombstone = await store.write(key, { deleted: true }, 1);
            assert.deepEqual(tombstone, { id: key, version: 2, deleted: true, document: {} });
            assert.deepEqual(await store.read(key), tombstone);
            const again = await store.write(key, { deleted: false, document: { v: 3 } }, 2);
            assert.equal(again.version, 3);
        });

        it("lets exactly one of two racing writers on the same version win", async () => {
            const key = next();
            await store.write(key, { deleted: false, document: { v: 1 } }, 0);
            const results = await Promise.allSettled([
                store.write(key, { deleted: false, document: { by: "a" } }, 1),
                store.write(key, { deleted: false, document: { by: "b" } }, 1),
            ]);
            assert.deepEqual(results.map((r) => r.status).sort(), ["fulfilled", "rejected"]);
            const winner = results.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<{ document: unknown }>;
            assert.deepEqual((await store.read(key))?.document, winner.value.document);
        });

        it("puts every write on its change stream as the projector decodes it: the document after the write and its version", async function () {
            if (!s.changes) this.skip();
            const key = next();
            await store.write(key, { deleted: false, document: { id: key, price: 10 } }, 0);
            await store.write(key, { deleted: false, document: { id: key, price: 12 } }, 1);
            await store.write(key, { deleted: true }, 2);
            const mine = (await s.changes!()).filter((c) => c.id === key);
            assert.deepEqual(mine, [
                { kind: "document", id: key, version: 1, deleted: false, document: { id: key, price: 10 } },
                { kind: "document", id: key, version: 2, deleted: false, document: { id: key, price: 12 } },
                { kind: "document", id: key, version: 3, deleted: true, document: {} },
            ]);
        });
    });
}
