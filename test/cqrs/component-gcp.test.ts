import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { EventSourcing } from "../../components/event-sourcing";
import { CHANGE_STREAMS_TEMPLATE } from "../../components/cqrs/gcp-dataflow";
import { inventory, only, ofType } from "../support/resources";
import { deployCqrs, settingsOf } from "./component-fixture";

describe("Cqrs on GCP (mocks)", function () {
    this.timeout(180_000);

    it("Spanner (100 PU, change stream DDL) -> Dataflow template -> Pub/Sub -> projector -> BigQuery, IAM scoped per function", async () => {
        const { resources, outputs } = await deployCqrs(Cloud.Gcp);
        const instance = only(resources, "gcp:spanner/instance:Instance").inputs;
        assert.deepEqual([instance.processingUnits, instance.edition, instance.config], [100, "STANDARD", "regional-us-central1"]);
        const database = only(resources, "gcp:spanner/database:Database", "cat-database").inputs;
        assert.deepEqual(database.ddls, [
            "CREATE TABLE products (Id STRING(MAX) NOT NULL, Version INT64 NOT NULL, Deleted BOOL NOT NULL, Body STRING(MAX) NOT NULL) PRIMARY KEY (Id)",
            "CREATE CHANGE STREAM products_changes FOR products OPTIONS (value_capture_type = 'NEW_ROW', retention_period = '1d')",
        ]);
        assert.deepEqual([database.deletionProtection, database.enableDropProtection], [true, true]);
        const metadata = only(resources, "gcp:spanner/database:Database", "cat-changes-metadata").inputs;

        const topic = only(resources, "gcp:pubsub/topic:Topic", "cat-changes").inputs;
        const job = only(resources, "gcp:dataflow/flexTemplateJob:FlexTemplateJob").inputs;
        assert.equal(job.containerSpecGcsPath, `gs://dataflow-templates-us-central1/latest/flex/${CHANGE_STREAMS_TEMPLATE}`);
        assert.deepEqual(job.parameters, {
            spannerInstanceId: instance.name,
            spannerDatabase: database.name,
            spannerMetadataInstanceId: instance.name,
            spannerMetadataDatabase: metadata.name,
            spannerChangeStreamName: "products_changes",
            pubsubTopic: topic.name,
            outputDataFormat: "JSON",
        });
        const workers = only(resources, "gcp:serviceaccount/account:Account", "cat-dataflow-identity").inputs.accountId;
        assert.equal(job.serviceAccountEmail, `${workers}@mock-project.iam.gserviceaccount.com`);
        assert.deepEqual([job.onDelete, job.maxWorkers], ["cancel", 1]);

        const projector = only(resources, "gcp:cloudfunctionsv2/function:Function", "cat-projector-function").inputs;
        assert.deepEqual(
            [projector.eventTrigger.eventType, projector.eventTrigger.pubsubTopic, projector.eventTrigger.retryPolicy],
            ["google.cloud.pubsub.topic.v1.messagePublished", `projects/mock-project/topics/${topic.name}`, "RETRY_POLICY_RETRY"],
        );
        const member = (fn: string) =>
            `serviceAccount:${only(resources, "gcp:serviceaccount/account:Account", `cat-${fn}-identity`).inputs.accountId}@mock-project.iam.gserviceaccount.com`;
        const dataset = only(resources, "gcp:bigquery/dataset:Dataset").inputs;
        const datasetRoles = ofType(resources, "gcp:bigquery/datasetIamMember:DatasetIamMember").map((r) => [
            r.inputs.member,
            r.inputs.role,
            r.inputs.datasetId,
        ]);
        assert.deepEqual(
            datasetRoles.sort(),
            [
                [member("projector"), "roles/bigquery.dataEditor", dataset.datasetId],
                [member("query"), "roles/bigquery.dataViewer", dataset.datasetId],
            ].sort(),
        );
        // Each function's build account has its own two project grants (test/platform/function-gcp.test.ts).
        const projectRoles = ofType(resources, "gcp:projects/iAMMember:IAMMember")
            .filter((r) => !/-build-(image|log)-writer$/.test(r.name))
            .map((r) => [r.inputs.member, r.inputs.role]);
        assert.deepEqual(
            projectRoles.sort(),
            [
                [member("dataflow"), "roles/dataflow.worker"],
                [member("projector"), "roles/bigquery.jobUser"],
                [member("query"), "roles/bigquery.jobUser"],
            ].sort(),
        );
        const spannerRoles = ofType(resources, "gcp:spanner/databaseIAMMember:DatabaseIAMMember").map((r) => [
            r.inputs.member,
            r.inputs.role,
            r.inputs.database,
        ]);
        assert.deepEqual(
            spannerRoles.sort(),
            [
                [member("command"), "roles/spanner.databaseUser", database.name],
                [member("dataflow"), "roles/spanner.databaseAdmin", metadata.name],
                [member("dataflow"), "roles/spanner.databaseReader", database.name],
            ].sort(),
        );
        assert.ok(
            !inventory(resources).some((r) => r.includes("query") && r.includes("spanner")),
            "the query function has no Spanner access",
        );

        const table = only(resources, "gcp:bigquery/table:Table").inputs;
        const columns = JSON.parse(table.schema).map((c: { name: string; type: string; mode: string }) => `${c.name}:${c.type}:${c.mode}`);
        assert.deepEqual(columns, [
            "cqrsId:STRING:REQUIRED",
            "cqrsVersion:INT64:REQUIRED",
            "cqrsDeleted:BOOL:REQUIRED",
            "cqrsProjectedAt:TIMESTAMP:REQUIRED",
            "id:STRING:NULLABLE",
            "name:STRING:NULLABLE",
            "category:STRING:NULLABLE",
            "price:FLOAT64:NULLABLE",
            "tags:STRING:REPEATED",
        ]);
        const dlq = only(resources, "gcp:pubsub/topic:Topic", "cat-projection-dlq").inputs;
        assert.equal(only(resources, "gcp:pubsub/subscription:Subscription", "cat-projection-dlq-held").inputs.topic, dlq.name);
        const settings = settingsOf(only(resources, "gcp:cloudfunctionsv2/function:Function", "cat-projector-function"));
        assert.deepEqual(settings.deadLetters, { kind: "pubsub", maxAgeSeconds: 3600, topic: `projects/mock-project/topics/${dlq.name}` });
        assert.deepEqual(settings.readStore, {
            kind: "bigquery",
            projectId: "mock-project",
            dataset: dataset.datasetId,
            table: "products",
        });
        assert.deepEqual(settingsOf(only(resources, "gcp:cloudfunctionsv2/function:Function", "cat-command-function")).writeStore, {
            kind: "spanner",
            projectId: "mock-project",
            instance: instance.name,
            database: database.name,
            table: "products",
        });
        assert.ok(
            only(resources, "gcp:monitoring/alertPolicy:AlertPolicy").inputs.conditions[0].conditionThreshold.filter.includes(
                "cat-projection-dlq-held",
            ),
        );
        assert.deepEqual(outputs, {
            commandUrl: "https://cat-command-api-gateway-mock.uc.gateway.dev",
            queryUrl: "https://cat-query-api-gateway-mock.uc.gateway.dev",
            writeStoreName: `${instance.name}/${database.name}`,
            readStoreName: `${dataset.datasetId}.products`,
        });
    });

    it("with source: no Spanner, no Dataflow, no command API; the EventSourcing's topic triggers the projector", async () => {
        const { resources, outputs } = await deployCqrs(Cloud.Gcp, {}, () => ({ source: new EventSourcing("ledger") }));
        const mine = inventory(resources).filter((r) => r.split(" ")[1].startsWith("cat-"));
        assert.ok(!mine.some((r) => /spanner|dataflow|cat-command/.test(r)), mine.join("\n"));
        const esTopic = only(resources, "gcp:pubsub/topic:Topic", "ledger-topic").inputs.name;
        const projector = only(resources, "gcp:cloudfunctionsv2/function:Function", "cat-projector-function");
        assert.equal(projector.inputs.eventTrigger.pubsubTopic, `projects/mock-project/topics/${esTopic}`);
        assert.equal(settingsOf(projector).source, "event-sourcing");
        assert.equal(outputs.commandUrl, undefined);
    });
});
