import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { CqrsArgs } from "../../components/cqrs";
import { resolveCqrsArgs } from "../../components/cqrs/resolve";
import { checkedName, cqrsNames } from "../../components/cqrs/names";
import { Retry } from "../../components/retry";
import { evaluate } from "../../plan/mock-cloud";
import { CATALOG, CLOUD_CONFIG } from "./component-fixture";

const resolve = (args: unknown, cloud: Cloud = Cloud.Aws) => resolveCqrsArgs("cat", cloud, args as CqrsArgs);
const refused = (args: unknown, message: string | RegExp, cloud: Cloud = Cloud.Aws) =>
    assert.throws(() => resolve(args, cloud), typeof message === "string" ? { message } : message);

describe("Cqrs args", () => {
    it("without an entity: names the field and what it must be", () => {
        refused(
            { readModel: CATALOG.readModel },
            "Cqrs 'cat': entity must be a collection name like 'products' (lower case, digits, hyphens), got undefined",
        );
        refused({ ...CATALOG, entity: "Products!" }, /Cqrs 'cat': entity must be lower case letters, digits and hyphens.*got "Products!"/);
    });

    it("a filterable (sortable, searchable) field not in readModel.fields: names it and lists the fields", () => {
        refused(
            { ...CATALOG, readModel: { ...CATALOG.readModel, filterable: ["colour"] } },
            "Cqrs 'cat': readModel.filterable must be a list of fields of readModel.fields (id, name, category, price, tags), got \"colour\"",
        );
        refused(
            { ...CATALOG, readModel: { ...CATALOG.readModel, searchable: ["price"] } },
            /readModel.searchable must be a list of string fields .*got "price"/,
        );
        refused(
            { ...CATALOG, readModel: { ...CATALOG.readModel, sortable: ["tags"] } },
            /readModel.sortable must be a list of single-valued fields, got "tags"/,
        );
        refused(
            { ...CATALOG, readModel: { fields: { price: "money" } } },
            /readModel.fields.price must be one of string, number, integer, boolean, date, string\[\], got "money"/,
        );
        refused(
            { ...CATALOG, readModel: { fields: { cqrsVersion: "number" } } },
            /readModel.fields must be free of names starting with 'cqrs'/,
        );
        refused({ ...CATALOG, readModel: { fields: {} } }, /readModel.fields must be at least one field/);
    });

    it("the key is a string field of the read model, filterable and sortable unless the lists say otherwise", () => {
        const { readModel } = resolve({ ...CATALOG, key: "sku", readModel: { fields: { name: "string" } } });
        assert.deepEqual(readModel.fields.sku, { type: "string", searchable: false, filterable: true, sortable: true, facetable: false });
        refused(
            { ...CATALOG, readModel: { fields: { id: "number" } } },
            "Cqrs 'cat': readModel.fields.id must be string (it is the key), got \"number\"",
        );
    });

    it("a source that is not an EventSourcing: refused, before anything is declared", async () => {
        refused(
            { ...CATALOG, source: "accounts" },
            /Cqrs 'cat': source must be an EventSourcing component \(or, from other languages, its outputs \{ eventsTopic, storeName \}\), got "accounts"/,
        );
        const { resources } = await evaluate(
            () => {
                const retry = new Retry("payments", { targetUrl: "https://payments.example.com/charge" });
                assert.throws(
                    () => resolve({ ...CATALOG, source: Object.assign(retry, { eventsTopic: "x", storeName: "y" }) }),
                    /source must be an EventSourcing component .*got "cloud-patterns:index:Retry"/,
                );
            },
            { config: CLOUD_CONFIG.aws },
        );
        assert.ok(!resources.some((r) => r.name.startsWith("cat")));
    });

    it("source with a command module: two write sides at once", () => {
        refused(
            { ...CATALOG, source: { eventsTopic: "bus", storeName: "events" }, commandModule: __filename },
            "Cqrs 'cat': commandModule is not used with source: the EventSourcing is the write side (its deciderModule decides commands)",
        );
    });

    it("source on Azure: the Event Grid topic's resource id is required, and must be one", () => {
        const rule =
            "the EventSourcing's eventsTopicId, an Event Grid topic's resource id (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.EventGrid/topics/<name>)";
        refused(
            { ...CATALOG, source: { eventsTopic: "t", storeName: "s" } },
            `Cqrs 'cat': source.eventsTopicId must be ${rule}, got undefined`,
            Cloud.Azure,
        );
        refused(
            {
                ...CATALOG,
                source: {
                    eventsTopic: "t",
                    storeName: "s",
                    eventsTopicId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ServiceBus/namespaces/t",
                },
            },
            `Cqrs 'cat': source.eventsTopicId must be ${rule}, got "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ServiceBus/namespaces/t"`,
            Cloud.Azure,
        );
        const topicId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.EventGrid/topics/t";
        const resolved = resolveCqrsArgs("cat", Cloud.Azure, {
            ...CATALOG,
            source: { eventsTopic: "t", storeName: "s", eventsTopicId: topicId },
        });
        assert.equal(resolved.bundles.command, undefined);
        assert.deepEqual(resolved.bundles.projector?.trigger, {
            kind: "service-bus-queue",
            queueName: "events",
            connection: "EVENTS_SERVICE_BUS",
        });
    });

    it("per-cloud bounds: retries are bounded, dead letters are kept a bounded time, Spanner compute comes in its steps", () => {
        refused(
            { ...CATALOG, aws: { maxRetries: -1 } },
            /aws.maxRetries must be an integer from 0 to 100 \(bounded, so a poison change reaches the dead-letter destination\), got -1/,
        );
        refused(
            { ...CATALOG, aws: { deadLetterRetentionDays: 0 } },
            "Cqrs 'cat': aws.deadLetterRetentionDays must be an integer from 1 to 3650, got 0",
        );
        assert.equal(
            resolveCqrsArgs("cat", Cloud.Aws, { ...CATALOG, aws: { deadLetterRetentionDays: 90 } }).aws.deadLetterRetentionDays,
            90,
        );
        refused(
            { ...CATALOG, gcp: { processingUnits: 150 } },
            /gcp.processingUnits must be a multiple of 100 below 1000, or of 1000 from there/,
            Cloud.Gcp,
        );
        refused(
            { ...CATALOG, aws: { readStore: "cluster" } },
            "Cqrs 'cat': aws.readStore must be one of serverless, domain, got \"cluster\"",
        );
    });

    it("every physical name is checked against its cloud's rule, and the generated ones pass for long names", async () => {
        // The rule and its source come from the platform's table for the type (components/platform/name-rules-aws.ts).
        assert.throws(
            () => checkedName("Cqrs 'x'", "aws:opensearch/domain:Domain", "domainName", "Catalog_Search"),
            /^Error: Cqrs 'x': the aws:opensearch\/domain:Domain domainName must be 3-28 lower case letters, digits and hyphens, starting with a letter \(https:\/\/docs\.aws\.amazon\.com\/opensearch-service\/latest\/developerguide\/createupdatedomains\.html\), got "Catalog_Search"/,
        );
        assert.throws(
            () => checkedName("Cqrs 'x'", "gcp:spanner/database:Database", "name", "a".repeat(31)),
            /gcp:spanner\/database:Database name must be 2-30/,
        );
        assert.throws(
            () => checkedName("Cqrs 'x'", "gcp:spanner/database:Database", "databaseId", "db"),
            /no name rule for gcp:spanner\/database:Database databaseId/,
        );
        const long = "catalog-of-every-product-in-every-warehouse";
        await evaluate(() => {
            const names = cqrsNames(`Cqrs '${long}'`, long);
            // Each call checks its own result; these would throw if a name broke its rule.
            return [
                names.searchDomain(),
                names.searchCollection(),
                names.cosmosAccount(),
                names.searchService(),
                names.spannerInstance(),
                names.spannerDatabase(),
                names.metadataDatabase(),
                names.dataset(),
                names.dataflowJob(),
                names.datastreamProfile("spanner-source"),
                names.datastreamProfile("bigquery-destination"),
                names.datastreamStream(),
                names.readView("products"),
                names.datastreamTable("products"),
                names.writeTable(),
                names.queue("projection-dlq"),
                names.securityPolicy("search-enc"),
                names.accessPolicy("search-data"),
            ];
        });
    });

    it("one sync path: the indexer or Datastream with source, a projectionModule with them; bad values", () => {
        const sourced = { ...CATALOG, source: { eventsTopic: "topic", storeName: "events" } };
        const eventsTopicId = "/subscriptions/1/resourceGroups/ledger-rg/providers/Microsoft.EventGrid/topics/ledger-events";
        refused(
            { ...sourced, source: { ...sourced.source, eventsTopicId }, azure: { sync: "indexer" } },
            "Cqrs 'cat': azure.sync must be unset with source: two sync paths at once (the EventSourcing's events already feed the projector), got \"indexer\"",
            Cloud.Azure,
        );
        refused({ ...sourced, gcp: { sync: "datastream" } }, /gcp.sync must be unset with source: two sync paths at once/, Cloud.Gcp);
        refused(
            { ...CATALOG, azure: { sync: "indexer" }, projectionModule: __filename },
            /Cqrs 'cat': projectionModule must be unset with azure.sync 'indexer': the cloud copies the write model's fields itself and runs no projection code/,
            Cloud.Azure,
        );
        refused(
            { ...CATALOG, azure: { sync: "indexer", searchSku: "free" } },
            /azure.searchSku must be basic with azure.sync 'indexer': the indexer reads Cosmos DB as the search service's managed identity, which the free tier lacks, got "free"/,
            Cloud.Azure,
        );
        refused({ ...CATALOG, azure: { sync: "pull" } }, /azure.sync must be one of change-feed, indexer, got "pull"/, Cloud.Azure);
        refused(
            { ...CATALOG, azure: { sync: "indexer", indexerIntervalMinutes: 1 } },
            /azure.indexerIntervalMinutes must be .*5.*1440.*got 1/,
            Cloud.Azure,
        );
    });

    it("gcp.sync 'datastream': no projector bundle; a projectionModule is refused, naming why; another cloud ignores it", () => {
        const replicated = resolve({ ...CATALOG, gcp: { sync: "datastream" } }, Cloud.Gcp);
        assert.equal(replicated.gcp.sync, "datastream");
        assert.equal(replicated.bundles.projector, undefined);
        assert.deepEqual(
            replicated.userModules.map((m) => m.arg),
            ["commandModule"],
        );
        refused(
            { ...CATALOG, gcp: { sync: "datastream" }, projectionModule: __filename },
            `Cqrs 'cat': projectionModule must be unset with gcp.sync 'datastream': Datastream copies the write table into BigQuery and a view reads the read model's fields from it, so no projection code runs (use the default gcp.sync for a projection), got ${JSON.stringify(__filename)}`,
            Cloud.Gcp,
        );
        refused({ ...CATALOG, gcp: { sync: "pubsub" } }, /gcp.sync must be one of dataflow, datastream, got "pubsub"/, Cloud.Gcp);
        // The plan evaluates one stack's config on every cloud: off GCP the option changes nothing.
        for (const cloud of [Cloud.Aws, Cloud.Azure]) {
            assert.ok(resolve({ ...CATALOG, gcp: { sync: "datastream" }, projectionModule: __filename }, cloud).bundles.projector);
        }
    });

    it("the indexer path has no projector bundle and no projection module to build; the defaults keep the push", () => {
        const indexed = resolve({ ...CATALOG, azure: { sync: "indexer" } }, Cloud.Azure);
        assert.equal(indexed.bundles.projector, undefined);
        assert.deepEqual(
            indexed.userModules.map((m) => m.arg),
            ["commandModule"],
        );
        assert.deepEqual([indexed.azure.sync, indexed.azure.indexerIntervalMinutes], ["indexer", 5]);
        const pushed = resolve(CATALOG, Cloud.Azure);
        assert.deepEqual([pushed.azure.sync, pushed.gcp.sync], ["change-feed", "dataflow"]);
        // Another cloud's option is ignored, like every per-cloud bag: npm start evaluates one stack's config on every cloud.
        assert.ok(resolve({ ...CATALOG, azure: { sync: "indexer" }, projectionModule: __filename }, Cloud.Gcp).bundles.projector);
        assert.ok(pushed.bundles.projector);
    });
});
