/**
 * AI Search's Cosmos DB indexer path (`azure.sync: "indexer"`) against recorded exchanges: no AI
 * Search server runs here, so each answer is written from the REST reference (api-version
 * 2024-07-01) of "Create or Update Index", "Create or Update Data Source" and "Create or Update
 * Indexer" (201 with the definition; the OData error body `{ error: { code, message } }`), and the
 * requests are the ones the command function must send. The items the command function writes are
 * checked against the data source's own query's fields.
 */
import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { resolveCqrsArgs } from "../../components/cqrs/resolve";
import { beforeFirstWrite } from "../../handlers/stores/documents/before-first-write";
import type { DocumentStore } from "../../handlers/stores/documents/port";
import { aiSearchIndex } from "../../handlers/stores/read-model/ai-search";
import {
    aiSearchIndexerDefinitions,
    indexerItemFields,
    indexerQuery,
    putAiSearchIndexer,
} from "../../handlers/stores/read-model/ai-search-indexer";
import { ReadStoreHttpError } from "../../handlers/stores/read-model/http";
import { CATALOG } from "./component-fixture";
import { Exchange, replay } from "./recorded-exchanges";

const { readModel } = resolveCqrsArgs("cat", Cloud.Azure, { ...CATALOG, azure: { sync: "indexer" } });
const ENDPOINT = "https://cat-search.search.windows.net";
const API = "api-version=2024-07-01";
const ACCOUNT = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/cat-writes";
const definitions = aiSearchIndexerDefinitions("products", readModel, { accountId: ACCOUNT, database: "cqrs", container: "products" }, 5);

const QUERY =
    'SELECT VALUE { "cqrsKey": c.cqrsSearch.cqrsKey, "cqrsVersion": c.version, "cqrsDeleted": c.deleted, "id": c.cqrsSearch["id"], ' +
    '"name": c.cqrsSearch["name"], "category": c.cqrsSearch["category"], "price": c.cqrsSearch["price"], "tags": c.cqrsSearch["tags"], ' +
    '"_ts": c._ts } FROM c WHERE IS_DEFINED(c.cqrsSearch) AND c._ts >= @HighWaterMark ORDER BY c._ts';
const DATA_SOURCE = {
    name: "products-cosmos",
    type: "cosmosdb",
    credentials: { connectionString: `ResourceId=${ACCOUNT};Database=cqrs;IdentityAuthType=AccessToken` },
    container: { name: "products", query: QUERY },
    dataChangeDetectionPolicy: {
        "@odata.type": "#Microsoft.Azure.Search.HighWaterMarkChangeDetectionPolicy",
        highWaterMarkColumnName: "_ts",
    },
    dataDeletionDetectionPolicy: {
        "@odata.type": "#Microsoft.Azure.Search.SoftDeleteColumnDeletionDetectionPolicy",
        softDeleteColumnName: "cqrsDeleted",
        softDeleteMarkerValue: "true",
    },
};
const INDEXER = {
    name: "products-cosmos",
    dataSourceName: "products-cosmos",
    targetIndexName: "products",
    schedule: { interval: "PT5M" },
    parameters: { maxFailedItems: 0, maxFailedItemsPerBatch: 0, configuration: { assumeOrderByHighWaterMarkColumn: true } },
    fieldMappings: ["cqrsKey", "cqrsVersion", "cqrsDeleted", "id", "name", "category", "price", "tags"].map((f) => ({
        sourceFieldName: f,
        targetFieldName: f,
    })),
};
const created = (collection: string, body: object): Exchange["response"] => ({
    status: 201,
    body: { "@odata.context": `${ENDPOINT}/$metadata#${collection}/$entity`, "@odata.etag": '"0x8DCB1"', ...body },
});
const PUT_ALL: Exchange[] = [
    {
        request: { method: "PUT", url: `${ENDPOINT}/indexes/products?${API}`, body: aiSearchIndex("products", readModel) },
        response: created("indexes", aiSearchIndex("products", readModel)),
    },
    {
        request: { method: "PUT", url: `${ENDPOINT}/datasources/products-cosmos?${API}`, body: DATA_SOURCE },
        // The service never returns credentials: the connection string comes back null.
        response: created("datasources", { ...DATA_SOURCE, credentials: { connectionString: null } }),
    },
    {
        request: { method: "PUT", url: `${ENDPOINT}/indexers/products-cosmos?${API}`, body: INDEXER },
        response: created("indexers", INDEXER),
    },
];

/** A write model that records what it was asked to write. */
function recordingStore(): DocumentStore & { writes: string[] } {
    const writes: string[] = [];
    return {
        writes,
        read: async () => undefined,
        write: async (id, next, expected) => {
            writes.push(id);
            return { id, version: expected + 1, deleted: next.deleted, document: next.deleted ? {} : next.document };
        },
    };
}

describe("AI Search indexer sync (recorded exchanges from the REST reference)", () => {
    it("puts the index, then the cosmosdb data source (managed identity, _ts high-water mark, soft delete), then the scheduled indexer", async () => {
        const r = replay(PUT_ALL);
        await putAiSearchIndexer(r.fetch, `${ENDPOINT}/`, definitions);
        assert.deepEqual(r.pending(), []);
        assert.equal(indexerQuery(readModel), QUERY);
        assert.equal(JSON.stringify(definitions.dataSource).includes("AccountKey"), false, "no key in the connection string");
    });

    it("a refused definition (400) surfaces with AI Search's words, and the indexer is not put", async () => {
        const r = replay([
            PUT_ALL[0],
            {
                request: { method: "PUT", url: `${ENDPOINT}/datasources/products-cosmos?${API}`, body: DATA_SOURCE },
                response: {
                    status: 400,
                    body: { error: { code: "", message: "Credentials provided in the connection string are invalid or have expired." } },
                },
            },
        ]);
        await assert.rejects(
            putAiSearchIndexer(r.fetch, ENDPOINT, definitions),
            (err: unknown) => err instanceof ReadStoreHttpError && err.status === 400 && /Credentials provided/.test(err.message),
        );
        assert.deepEqual(r.pending(), []);
    });

    it("each item carries its index key and read fields where the query reads them; a tombstone only its key", () => {
        const fields = indexerItemFields(readModel);
        const lamp = { id: "lamp/1", name: "Desk lamp", price: 25, tags: ["desk"], supplier: "acme", note: undefined };
        assert.deepEqual(fields("lamp/1", { deleted: false, document: lamp }), {
            // base64url, as the query side looks documents up (handlers/stores/read-model/ai-search.ts searchKey).
            cqrsSearch: { cqrsKey: "bGFtcC8x", id: "lamp/1", name: "Desk lamp", price: 25, tags: ["desk"] },
        });
        assert.deepEqual(fields("lamp/1", { deleted: true }), { cqrsSearch: { cqrsKey: "bGFtcC8x" } });
        for (const field of Object.keys(readModel.fields)) assert.ok(QUERY.includes(`c.cqrsSearch[${JSON.stringify(field)}]`), field);
    });

    it("the definitions are put once before the first write; a failed put is logged, the write goes on, the next write tries again", async () => {
        const store = recordingStore();
        const logged: string[] = [];
        let puts = 0;
        const wrapped = beforeFirstWrite(
            store,
            async () => {
                if (++puts === 1) throw new ReadStoreHttpError("AI Search", 503, "busy");
            },
            (m) => logged.push(m),
        );
        await wrapped.write("a", { deleted: false, document: {} }, 0);
        await wrapped.write("b", { deleted: false, document: {} }, 0);
        await wrapped.write("c", { deleted: false, document: {} }, 0);
        assert.deepEqual(store.writes, ["a", "b", "c"]);
        assert.equal(puts, 2, "once after the failure, then never again");
        assert.equal(logged.length, 1);
        assert.match(logged[0], /read side setup failed.*503/);
    });
});
