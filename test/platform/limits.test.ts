/**
 * The cloud limits a real `pulumi up` would hit, each refused or kept within at construction, with
 * the project's error wording: log retention per cloud, Retry's concurrency on GCP, PostgreSQL role
 * names (Cloud SQL IAM users, Azure Entra roles), Azure names of plans and workspaces from any
 * component name, Cosmos DB role assignment ids, and the GCP APIs each component enables first.
 */
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../../components/cloud";
import { cloudSqlIamUser, CLOUD_SQL_IAM_ACCOUNT_ID_MAX_LENGTH } from "../../components/event-sourcing/gcp";
import { resolveEventSourcingArgs } from "../../components/event-sourcing/resolve";
import { GatewayAggregation } from "../../components/gateway-aggregation";
import { resolveGatewayAggregationArgs } from "../../components/gateway-aggregation/resolve";
import { createAwsFunction } from "../../components/platform/function-aws";
import { createAzureFunctionApp } from "../../components/platform/function-azure";
import { LOG_RETENTION } from "../../components/platform/function-settings";
import { API_GATEWAY_APIS, FUNCTION_APIS } from "../../components/platform/gcp-apis";
import { nameViolation, physicalNameOf } from "../../components/platform/name-rules";
import { AZURE_NAME_RULES } from "../../components/platform/name-rules-azure";
import { gcpServiceAccountId, stableGuid } from "../../components/platform/naming";
import { resolveRetryArgs } from "../../components/retry/resolve";
import { evaluate, RecordedResource } from "../../plan/mock-cloud";
import { ofType, only } from "../support/resources";
import { functionArgs, Host } from "./fixture";
import { LONG_PROJECT_ID } from "./long-names";

const CLOUDWATCH_DAYS = "1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653";
const TARGET = { targetUrl: "https://payments.example.com/charge" };
const GATEWAY = { route: "GET /products/{id}", backends: [{ name: "product", url: "https://catalog.example.com/products/{id}" }] };
const GCP_CONFIG = { "cloud-patterns:cloud": "gcp", "gcp:region": "europe-west1", "gcp:project": "mock-project" };

describe("cloud limits checked at construction", function () {
    this.timeout(600_000);

    describe("log retention, per cloud", () => {
        it("takes on AWS only CloudWatch's fixed list (the AWS API reference's), so 10 fails here and not at deploy", () => {
            assert.deepEqual(LOG_RETENTION.aws.values, CLOUDWATCH_DAYS.split(", ").map(Number));
            assert.throws(
                () => resolveRetryArgs("orders", Cloud.Aws, { ...TARGET, logRetentionDays: 10 }),
                new Error(
                    `Retry 'orders': logRetentionDays must be one of ${CLOUDWATCH_DAYS} (CloudWatch Logs accepts only these), got 10`,
                ),
            );
            assert.throws(
                () => resolveEventSourcingArgs("ledger", Cloud.Aws, { logRetentionDays: 10 }),
                /^Error: EventSourcing 'ledger': logRetentionDays must be one of 1, 3, .*, got 10$/,
            );
            assert.throws(
                () => resolveGatewayAggregationArgs("agg", Cloud.Aws, { ...GATEWAY, logRetentionDays: 400.5 }),
                /^Error: GatewayAggregation 'agg': logRetentionDays must be one of 1, 3, .*, got 400.5$/,
            );
            for (const days of LOG_RETENTION.aws.values!)
                assert.equal(resolveRetryArgs("orders", Cloud.Aws, { ...TARGET, logRetentionDays: days }).logRetentionDays, days);
        });

        it("refuses on Azure more than Log Analytics keeps, and on GCP more than a log bucket keeps; 10 days is fine there", () => {
            assert.throws(
                () => resolveRetryArgs("orders", Cloud.Azure, { ...TARGET, logRetentionDays: 731 }),
                new Error(
                    "Retry 'orders': logRetentionDays must be an integer from 1 to 730 (a Log Analytics workspace keeps at most 730 days, and at least 30), got 731",
                ),
            );
            assert.throws(
                () => resolveEventSourcingArgs("ledger", Cloud.Gcp, { logRetentionDays: 3651 }),
                new Error(
                    "EventSourcing 'ledger': logRetentionDays must be an integer from 1 to 3650 (a Cloud Logging bucket keeps 1 to 3650 days), got 3651",
                ),
            );
            assert.equal(resolveRetryArgs("orders", Cloud.Azure, { ...TARGET, logRetentionDays: 10 }).logRetentionDays, 10);
            assert.equal(resolveRetryArgs("orders", Cloud.Gcp, { ...TARGET, logRetentionDays: 10 }).logRetentionDays, 10);
        });

        it("is checked by the Lambda building block too, before any child exists", async () => {
            const { resources } = await evaluate(() => {
                const host = new Host("host");
                assert.throws(
                    () => createAwsFunction("fn", functionArgs({ logRetentionDays: 10 }), { parent: host }),
                    /^Error: fn \(AWS Lambda\): logRetentionDays must be one of 1, 3, .*, got 10$/,
                );
            });
            assert.deepEqual(
                resources.filter((r) => r.custom),
                [],
            );
        });
    });

    it("refuses a GCP Retry concurrency its worker cannot scale to (Cloud Tasks' 5000 is more than Cloud Functions' 1000 instances)", () => {
        assert.throws(
            () => resolveRetryArgs("orders", Cloud.Gcp, { ...TARGET, concurrency: 5000 }),
            new Error(
                "Retry 'orders': concurrency must be an integer from 1 to 1000 (each concurrent dispatch needs a worker instance, and Cloud Functions scales to at most 1000), got 5000",
            ),
        );
        assert.equal(resolveRetryArgs("orders", Cloud.Gcp, { ...TARGET, concurrency: 1000 }).concurrency, 1000);
    });

    describe("PostgreSQL role names (63 bytes at most)", () => {
        it("keeps the Cloud SQL IAM user within 63 for any 30-character project id, and refuses one that cannot fit", () => {
            const accountId = gcpServiceAccountId(`${"x".repeat(40)}-command`, CLOUD_SQL_IAM_ACCOUNT_ID_MAX_LENGTH);
            assert.equal(accountId.length, 28);
            assert.equal(cloudSqlIamUser("ledger", accountId, LONG_PROJECT_ID).length, 63);
            const domainScoped = "example.com:cloud-patterns-ledger";
            assert.throws(
                () => cloudSqlIamUser("ledger", accountId, domainScoped),
                new Error(
                    `EventSourcing 'ledger': the Cloud SQL IAM user must be at most 63 characters (a PostgreSQL role name), got "${accountId}@${domainScoped}.iam" (66): project '${domainScoped}' leaves no room for the account id`,
                ),
            );
        });

        it("refuses on Azure a component name that makes the Entra role '<name>-command' longer than 63", () => {
            const postgres = {
                delegatedSubnetId: "/subscriptions/s/subnets/db",
                privateDnsZoneId: "/zones/z",
                functionSubnetId: "/subscriptions/s/subnets/fn",
            };
            const args = { store: "postgres" as const, publish: false, azure: { postgres } };
            const long = "l".repeat(56);
            assert.throws(
                () => resolveEventSourcingArgs(long, Cloud.Azure, args),
                new Error(
                    `EventSourcing '${long}': the component name must be at most 55 characters with store 'postgres' on azure (the PostgreSQL role '<name>-command' is at most 63), got "${long}"`,
                ),
            );
            assert.equal(resolveEventSourcingArgs("l".repeat(55), Cloud.Azure, args).store, "postgres");
        });
    });

    it("names an Azure function's plan and workspace within their rules from a component name with '_', '.' and 50 characters", async () => {
        const name = "Orders_v2.payments-ledger-europe-west-production-x";
        assert.equal(name.length, 50);
        const { resources } = await evaluate(() => {
            const host = new Host("host");
            createAzureFunctionApp(name, { ...functionArgs(), resourceGroupName: "rg" }, { parent: host });
        });
        const check = (type: string) => {
            const resource = only(resources, type);
            const [rule] = AZURE_NAME_RULES[type] as Exclude<(typeof AZURE_NAME_RULES)[string], string>;
            return nameViolation(physicalNameOf(resource.name, resource.inputs, rule), rule);
        };
        assert.equal(check("azure-native:web:AppServicePlan"), undefined);
        assert.equal(check("azure-native:operationalinsights:Workspace"), undefined);
        // The readable part is cut to leave room for the hash that keeps the name unique.
        assert.match(only(resources, "azure-native:web:AppServicePlan").inputs.name, /^orders-v2-payments-ledger-[a-z0-9-]+-[0-9a-f]{8}$/);
    });

    it("gives Cosmos DB SQL role assignments the GUID Retry's always had: project/stack/logical name hashed", async () => {
        // Retry's earlier ids, computed as it did before the helper was shared: an update must not replace them.
        const before = (text: string) => {
            const h = createHash("sha256").update(text).digest("hex");
            return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
        };
        await evaluate(() =>
            assert.equal(stableGuid("orders-worker-records"), before(`${pulumi.getProject()}/${pulumi.getStack()}/orders-worker-records`)),
        );
    });

    describe("GCP APIs, enabled before the children that need them", () => {
        let resources: RecordedResource[];
        before(async () => {
            ({ resources } = await evaluate(
                () => {
                    new GatewayAggregation("catalog", GATEWAY);
                    new GatewayAggregation("search", GATEWAY);
                    new GatewayAggregation("managed", { ...GATEWAY, gcp: { enableApis: false } });
                },
                { config: GCP_CONFIG },
            ));
        });
        const servicesOf = (component: string) =>
            ofType(resources, "gcp:projects/service:Service").filter((r) => r.name.startsWith(`${component}-enable-`));

        it("enables each API the component needs once, never disabling it on destroy", () => {
            const services = servicesOf("catalog");
            assert.deepEqual(
                services.map((s) => s.inputs.service),
                [...FUNCTION_APIS, ...API_GATEWAY_APIS],
            );
            assert.ok(services.every((s) => s.inputs.disableOnDestroy === false && s.inputs.disableDependentServices === false));
            assert.deepEqual(
                services.map((s) => s.name),
                [...FUNCTION_APIS, ...API_GATEWAY_APIS].map((api) => `catalog-enable-${api.split(".")[0]}`),
            );
        });

        it("creates every other child of the component after its APIs", () => {
            const services = servicesOf("catalog").map((s) => s.urn);
            const children = resources.filter(
                (r) => r.custom && r.name.startsWith("catalog-") && r.type !== "gcp:projects/service:Service",
            );
            assert.ok(children.length >= 9);
            for (const child of children) {
                assert.deepEqual(
                    services.filter((urn) => !child.dependencies?.includes(urn)),
                    [],
                    `${child.type} ${child.name} waits for every API`,
                );
            }
        });

        it("lets two components in one project enable the same API, each with a resource of its own", () => {
            const run = (component: string) => only(resources, "gcp:projects/service:Service", `${component}-enable-run`);
            assert.equal(run("catalog").inputs.service, "run.googleapis.com");
            assert.equal(run("search").inputs.service, "run.googleapis.com");
            assert.notEqual(run("catalog").urn, run("search").urn);
        });

        it("enables nothing with gcp.enableApis false, and refuses a value that is not a boolean", () => {
            assert.deepEqual(servicesOf("managed"), []);
            assert.ok(
                only(resources, "gcp:cloudfunctionsv2/function:Function", "managed-function").dependencies?.every(
                    (u) => !u.includes("Service"),
                ),
            );
            assert.throws(
                () => resolveGatewayAggregationArgs("agg", Cloud.Gcp, { ...GATEWAY, gcp: { enableApis: "no" as unknown as boolean } }),
                new Error(`GatewayAggregation 'agg': gcp.enableApis must be true or false, got "no"`),
            );
        });
    });
});
