/**
 * Cqrs on GCP with `gcp.sync: "datastream"`, under mocks. No BigQuery or Datastream peer exists
 * here: the view's SQL is checked against the column layout Google documents for Datastream's merge
 * mode (Datastream, "BigQuery destination": datastream_metadata holds uuid and source_timestamp for a
 * keyed table) and against the table the default path would create (bigquery-schema.ts).
 */
import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { DATA_FRESHNESS_SECONDS } from "../../components/cqrs/gcp-datastream";
import { datastreamTableSchema, readModelViewColumns } from "../../components/cqrs/gcp-datastream-view";
import { bigQuerySchema } from "../../handlers/stores/read-model/bigquery-schema";
import { bigQuerySearch } from "../../handlers/stores/read-model/bigquery";
import { resolveCqrsArgs } from "../../components/cqrs/resolve";
import { checkedName, cqrsNames } from "../../components/cqrs/names";
import { inventory, ofType, only } from "../support/resources";
import { CATALOG, deployCqrs, settingsOf } from "./component-fixture";

const DATASTREAM = { gcp: { sync: "datastream" as const } };
const AGENT = "serviceAccount:service-123456789@gcp-sa-datastream.iam.gserviceaccount.com";

describe("Cqrs on GCP with gcp.sync 'datastream' (mocks)", function () {
    this.timeout(180_000);
    let deployed: Awaited<ReturnType<typeof deployCqrs>>;
    before(async () => {
        deployed = await deployCqrs(Cloud.Gcp, DATASTREAM);
    });

    it("the exact children: the default path's, less Dataflow, Pub/Sub, the projector and the metadata database, plus Datastream's", async () => {
        const dataflow = inventory((await deployCqrs(Cloud.Gcp)).resources);
        const datastream = inventory(deployed.resources);
        assert.deepEqual(
            dataflow.filter((r) => !datastream.includes(r)),
            [
                "gcp:bigquery/datasetIamMember:DatasetIamMember cat-projector-dataset-access",
                "gcp:bigquery/table:Table cat-read-table",
                "gcp:dataflow/flexTemplateJob:FlexTemplateJob cat-changes-job",
                "gcp:monitoring/alertPolicy:AlertPolicy cat-projection-dlq-alert",
                "gcp:projects/iAMMember:IAMMember cat-dataflow-worker",
                "gcp:projects/iAMMember:IAMMember cat-projector-jobs",
                "gcp:pubsub/subscription:Subscription cat-projection-dlq-held",
                "gcp:pubsub/topic:Topic cat-changes",
                "gcp:pubsub/topic:Topic cat-projection-dlq",
                "gcp:pubsub/topicIAMMember:TopicIAMMember cat-dataflow-publisher",
                "gcp:pubsub/topicIAMMember:TopicIAMMember cat-projector-dlq-publisher",
                "gcp:serviceaccount/account:Account cat-dataflow-identity",
                "gcp:spanner/database:Database cat-changes-metadata",
                "gcp:spanner/databaseIAMMember:DatabaseIAMMember cat-dataflow-keeps-metadata",
                "gcp:spanner/databaseIAMMember:DatabaseIAMMember cat-dataflow-reads-changes",
                "gcp:storage/bucket:Bucket cat-dataflow-temp",
                "gcp:storage/bucketIAMMember:BucketIAMMember cat-dataflow-temp-access",
            ]
                .concat(dataflow.filter((r) => / cat-projector-/.test(r) && !/dataset-access|jobs|dlq-publisher/.test(r)))
                .sort(),
        );
        assert.deepEqual(
            datastream.filter((r) => !dataflow.includes(r)),
            [
                "gcp:bigquery/datasetIamMember:DatasetIamMember cat-datastream-dataset-access",
                "gcp:bigquery/table:Table cat-read-replica",
                "gcp:bigquery/table:Table cat-read-view",
                "gcp:datastream/connectionProfile:ConnectionProfile cat-bigquery-destination",
                "gcp:datastream/connectionProfile:ConnectionProfile cat-spanner-source",
                "gcp:datastream/stream:Stream cat-datastream",
                "gcp:spanner/databaseIAMMember:DatabaseIAMMember cat-datastream-reads-changes",
            ],
        );
        assert.ok(!datastream.some((r) => / cat-projector-/.test(r)), "no projector function or its platform children");
    });

    it("the stream reads the write database's NEW_ROW change stream and merges into the read dataset, running, with a backfill", () => {
        const { resources } = deployed;
        const database = only(resources, "gcp:spanner/database:Database").inputs;
        const instance = only(resources, "gcp:spanner/instance:Instance").inputs;
        // The DDL is the default path's: Datastream needs NEW_ROW (or NEW_ROW_AND_OLD_VALUES), which it already is.
        assert.match(database.ddls[1], /^CREATE CHANGE STREAM products_changes FOR products OPTIONS \(value_capture_type = 'NEW_ROW'/);
        const source = only(resources, "gcp:datastream/connectionProfile:ConnectionProfile", "cat-spanner-source");
        assert.deepEqual(source.inputs.spannerProfile, {
            database: `projects/mock-project/instances/${instance.name}/databases/${database.name}`,
        });
        assert.equal(source.inputs.location, "us-central1");
        const destination = only(resources, "gcp:datastream/connectionProfile:ConnectionProfile", "cat-bigquery-destination");
        assert.deepEqual(destination.inputs.bigqueryProfile, {});
        const stream = only(resources, "gcp:datastream/stream:Stream").inputs;
        const dataset = only(resources, "gcp:bigquery/dataset:Dataset").inputs;
        assert.deepEqual(
            [stream.location, dataset.location, instance.config],
            ["us-central1", "us-central1", "regional-us-central1"],
            "one region for the stream, its profiles, the dataset and Spanner",
        );
        assert.equal(stream.desiredState, "RUNNING");
        assert.deepEqual(stream.backfillAll, {});
        assert.deepEqual(stream.sourceConfig, {
            sourceConnectionProfile: "cat-spanner-source-id",
            spannerSourceConfig: { changeStreamName: "products_changes" },
        });
        assert.deepEqual(stream.destinationConfig, {
            destinationConnectionProfile: "cat-bigquery-destination-id",
            bigqueryDestinationConfig: {
                merge: {},
                dataFreshness: `${DATA_FRESHNESS_SECONDS}s`,
                singleTargetDataset: { datasetId: `projects/mock-project/datasets/${dataset.datasetId}` },
            },
        });
        // Physical names: the component's name, the role, a hash of the stack and URN (components/platform/naming.ts).
        assert.match(stream.streamId, /^cat-changes-[0-9a-f]{8}$/);
        assert.match(source.inputs.connectionProfileId, /^cat-spanner-source-[0-9a-f]{8}$/);
        assert.match(destination.inputs.connectionProfileId, /^cat-bigquery-destination-[0-9a-f]{8}$/);
    });

    it("the Datastream service agent: databaseReader on the write database, dataEditor on the read dataset, nothing project-wide", () => {
        const { resources } = deployed;
        const database = only(resources, "gcp:spanner/database:Database").inputs;
        const dataset = only(resources, "gcp:bigquery/dataset:Dataset").inputs;
        const agentGrants = resources
            .filter((r) => r.inputs.member === AGENT)
            .map((r) => [r.type, r.inputs.role, r.inputs.database ?? r.inputs.datasetId]);
        assert.deepEqual(agentGrants.sort(), [
            ["gcp:bigquery/datasetIamMember:DatasetIamMember", "roles/bigquery.dataEditor", dataset.datasetId],
            ["gcp:spanner/databaseIAMMember:DatabaseIAMMember", "roles/spanner.databaseReader", database.name],
        ]);
        const projectRoles = ofType(resources, "gcp:projects/iAMMember:IAMMember")
            .filter((r) => !/-build-(image|log)-writer$/.test(r.name))
            .map((r) => [r.name, r.inputs.role]);
        assert.deepEqual(projectRoles, [["cat-query-jobs", "roles/bigquery.jobUser"]]);
        // The stream waits for its grants, so its validation sees them.
        const stream = only(resources, "gcp:datastream/stream:Stream");
        const grantUrns = resources.filter((r) => r.inputs.member === AGENT).map((r) => r.urn);
        for (const urn of grantUrns) assert.ok(stream.waitsFor?.includes(urn), `the stream depends on ${urn}`);
    });

    it("the view: exactly the read model's columns, typed from the JSON document, tombstones carried for the query handler to filter", () => {
        const { resources } = deployed;
        const dataset = only(resources, "gcp:bigquery/dataset:Dataset").inputs;
        const replica = only(resources, "gcp:bigquery/table:Table", "cat-read-replica").inputs;
        const view = only(resources, "gcp:bigquery/table:Table", "cat-read-view").inputs;
        assert.equal(replica.tableId, "_products");
        assert.deepEqual(JSON.parse(replica.schema), datastreamTableSchema());
        assert.deepEqual(replica.tableConstraints, { primaryKey: { columns: ["Id"] } });
        assert.equal(replica.maxStaleness, "0-0 0 0:5:0");
        assert.equal(view.view.useLegacySql, false);
        assert.equal(view.tableId, "products");
        assert.equal(view.schema, undefined, "a view's columns come from its query");
        assert.equal(
            view.view.query,
            "SELECT Id AS cqrsId, Version AS cqrsVersion, Deleted AS cqrsDeleted, Id AS `id`, " +
                "JSON_VALUE(Body, '$.\"name\"') AS `name`, JSON_VALUE(Body, '$.\"category\"') AS `category`, " +
                "SAFE_CAST(JSON_VALUE(Body, '$.\"price\"') AS FLOAT64) AS `price`, " +
                "IFNULL(JSON_VALUE_ARRAY(Body, '$.\"tags\"'), []) AS `tags` " +
                `FROM \`mock-project.${dataset.datasetId}._products\``,
        );

        // Every column the view reads is in Datastream's documented output for the write table.
        const replicaColumns = new Set(datastreamTableSchema().map((c) => c.name));
        const read = [...view.view.query.matchAll(/\b(Id|Version|Deleted|Body|datastream_metadata)\b/g)].map((m) => m[1]);
        assert.deepEqual([...new Set(read)].sort(), ["Body", "Deleted", "Id", "Version"]);
        for (const c of read) assert.ok(replicaColumns.has(c), c);
        const aliases = [...view.view.query.matchAll(/ AS `?(\w+)`?(?:,| FROM)/g)].map((m) => m[1]);
        // The view's columns, by name and in order, are the default path's table's, without the projection time.
        const resolved = resolveCqrsArgs("cat", Cloud.Gcp, { ...CATALOG, ...DATASTREAM });
        assert.deepEqual(
            aliases,
            readModelViewColumns(resolved.readModel).map((c) => c.name),
        );
        assert.deepEqual(
            bigQuerySchema(resolved.readModel)
                .map((c) => c.name)
                .filter((c) => !aliases.includes(c)),
            ["cqrsProjectedAt"],
        );
        // Deleted documents: the query handler's search over the view keeps them out, as on the default path.
        const search = bigQuerySearch(`mock-project.${dataset.datasetId}.products`, resolved.readModel, {
            filters: [],
            sort: [],
            limit: 10,
            offset: 0,
        });
        assert.match(search.sql, /FROM `mock-project\.cat_read_\w+\.products` WHERE TRUE QUALIFY .*\) WHERE NOT cqrsDeleted /);
    });

    it("the query function reads the view, with dataViewer on the dataset; outputs name the view", () => {
        const { resources, outputs } = deployed;
        const dataset = only(resources, "gcp:bigquery/dataset:Dataset").inputs;
        const query = only(resources, "gcp:cloudfunctionsv2/function:Function", "cat-query-function");
        assert.deepEqual(settingsOf(query).readStore, {
            kind: "bigquery",
            projectId: "mock-project",
            dataset: dataset.datasetId,
            table: "products",
        });
        const queryMember = `serviceAccount:${only(resources, "gcp:serviceaccount/account:Account", "cat-query-identity").inputs.accountId}@mock-project.iam.gserviceaccount.com`;
        assert.deepEqual(
            ofType(resources, "gcp:bigquery/datasetIamMember:DatasetIamMember")
                .filter((r) => r.inputs.member === queryMember)
                .map((r) => r.inputs.role),
            ["roles/bigquery.dataViewer"],
        );
        const instance = only(resources, "gcp:spanner/instance:Instance").inputs;
        const database = only(resources, "gcp:spanner/database:Database").inputs;
        assert.deepEqual(outputs, {
            commandUrl: "https://cat-command-api-gateway-mock.uc.gateway.dev",
            queryUrl: "https://cat-query-api-gateway-mock.uc.gateway.dev",
            writeStoreName: `${instance.name}/${database.name}`,
            readStoreName: `${dataset.datasetId}.products`,
        });
        assert.ok(deployed.result.gcp?.replication && deployed.result.gcp.projection === undefined);
    });

    it("Datastream's ids are checked against their rule, naming it and its source; long component names still fit", () => {
        assert.throws(
            () => checkedName("Cqrs 'x'", "gcp:datastream/stream:Stream", "streamId", "Changes_1"),
            /^Error: Cqrs 'x': the gcp:datastream\/stream:Stream streamId must be 1-63 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen \(https:\/\/google\.aip\.dev\/122#resource-id-segments\), got "Changes_1"/,
        );
        assert.throws(
            () => checkedName("Cqrs 'x'", "gcp:datastream/connectionProfile:ConnectionProfile", "connectionProfileId", "a".repeat(64)),
            /connectionProfileId must be 1-63/,
        );
        const names = cqrsNames("Cqrs 'long'", "catalog-of-every-product-in-every-warehouse-of-the-company");
        assert.ok(names.datastreamProfile("bigquery-destination").length <= 63);
        assert.ok(names.datastreamStream().length <= 63);
    });
});
