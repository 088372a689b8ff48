/** The contract every shard store adapter meets, run against a real peer by each *.contract.test.ts. */
import { strict as assert } from "node:assert";
import { DocumentVersionConflictError, type ShardStore, type StoredDocument } from "../../handlers/stores/shards/port";

export interface ShardStoreFixture {
    /** A store for shard `name` on the suite's peer; two names are two shards that must not see each other. */
    open(name: string): Promise<ShardStore>;
    close?(): Promise<void>;
}

export function shardStoreContract(label: string, fixture: () => ShardStoreFixture): void {
    describe(`shard store contract: ${label}`, function () {
        const f = fixture();
        let a: ShardStore;
        let b: ShardStore;
        before(async () => {
            a = await f.open("s0");
            b = await f.open("s1");
        });
        after(async () => f.close?.());

        it("writes a first version, the next one on the version read, and refuses a stale version naming the stored one", async () => {
            assert.equal(await a.read("k1"), undefined);
            assert.deepEqual(await a.write("k1", { deleted: false, document: { n: 1, nested: { x: [1, "é"] } } }, 0), {
                id: "k1",
                version: 1,
                deleted: false,
                document: { n: 1, nested: { x: [1, "é"] } },
            });
            await a.write("k1", { deleted: false, document: { n: 2 } }, 1);
            assert.deepEqual(await a.read("k1"), { id: "k1", version: 2, deleted: false, document: { n: 2 } });
            for (const stale of [0, 1, 5]) {
                await assert.rejects(
                    a.write("k1", { deleted: false, document: { n: 9 } }, stale),
                    (err: unknown) => err instanceof DocumentVersionConflictError && err.actual === 2 && err.expected === stale,
                );
            }
            assert.deepEqual((await a.read("k1"))?.document, { n: 2 });
        });

        it("keeps a tombstone as a version of its own", async () => {
            await a.write("k2", { deleted: false, document: { n: 1 } }, 0);
            await a.write("k2", { deleted: true }, 1);
            assert.deepEqual(await a.read("k2"), { id: "k2", version: 2, deleted: true, document: {} });
        });

        it("lets one of racing writers of a version win", async () => {
            await a.write("race", { deleted: false, document: { n: 0 } }, 0);
            const results = await Promise.allSettled(
                Array.from({ length: 8 }, (_, i) => a.write("race", { deleted: false, document: { n: i } }, 1)),
            );
            assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
            assert.equal((await a.read("race"))?.version, 2);
        });

        it("copies an item in with its version, and never over a stored one", async () => {
            assert.equal(await b.copy({ id: "moved", version: 7, deleted: false, document: { from: "s0" } }), true);
            assert.deepEqual(await b.read("moved"), { id: "moved", version: 7, deleted: false, document: { from: "s0" } });
            assert.equal(await b.copy({ id: "moved", version: 3, deleted: false, document: { from: "older" } }), false);
            assert.deepEqual((await b.read("moved"))?.document, { from: "s0" });
        });

        it("removes an item only at the version given, or at any version without one", async () => {
            await b.write("rm", { deleted: false, document: {} }, 0);
            assert.equal(await b.remove("rm", 2), false);
            assert.equal((await b.read("rm"))?.version, 1);
            assert.equal(await b.remove("rm", 1), true);
            assert.equal(await b.read("rm"), undefined);
            assert.equal(await b.remove("rm"), false);
            await b.write("rm", { deleted: false, document: {} }, 0);
            assert.equal(await b.remove("rm"), true);
        });

        it("lists a shard in byte order (UTF-8), tombstones included, in pages after a key; the other shard's items are not in it", async () => {
            const ids = ["l-b", "l-z", "l-é", "l-～", "l-😀", "l-a"];
            for (const id of ids) await a.write(id, { deleted: false, document: { id } }, 0);
            await a.write("l-a", { deleted: true }, 1);
            const listed: string[] = [];
            let after: string | undefined = "l-";
            for (;;) {
                const page: StoredDocument[] = (await a.list(after, 2)).filter((i) => i.id.startsWith("l-"));
                listed.push(...page.map((i) => i.id));
                if (page.length < 2) break;
                after = page[page.length - 1]!.id;
            }
            // Code point order: "～" (U+FF5E) before "😀" (U+1F600), though UTF-16 units order them the other way.
            assert.deepEqual(listed, ["l-a", "l-b", "l-z", "l-é", "l-～", "l-😀"]);
            assert.equal((await a.list("l-", 1))[0]?.deleted, true);
            const other = await b.list(undefined, 100);
            assert.equal(
                other.some((i) => i.id.startsWith("l-") || i.id === "k1"),
                false,
            );
            assert.deepEqual(
                (await a.list(undefined, 1000)).map((i) => i.id).filter((id) => id === "moved"),
                [],
            );
        });

        it("lists a page whole however large its items: a response's size limit (DynamoDB's 1 MB a Query) does not end the shard early", async () => {
            const c = await f.open("s2");
            // 12 items of 150 KB: 1.8 MB, past one DynamoDB Query response; the mover and scatter-gather take a short page as the end.
            const ids = Array.from({ length: 12 }, (_, i) => `big-${String(i).padStart(2, "0")}`);
            for (const id of ids) await c.write(id, { deleted: false, document: { pad: "x".repeat(150_000) } }, 0);
            assert.deepEqual(
                (await c.list(undefined, 200)).map((i) => i.id),
                ids,
            );
            assert.deepEqual(
                (await c.list("big-05", 3)).map((i) => i.id),
                ["big-06", "big-07", "big-08"],
            );
        });
    });
}
