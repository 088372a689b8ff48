import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { inventory, ofType, only } from "../support/resources";
import { deploySharding, geoArgs, POSTGRES_NETWORK, settingsOf } from "./component-fixture";

const names = (resources: ReturnType<typeof inventory>) => resources.map((r) => r.split(" ")[1]);

describe("Sharding on GCP (mocks)", function () {
    this.timeout(180_000);

    it("managed, geo: a regional Spanner instance and database per region (the away one through its region's provider), the router granted each database only", async () => {
        const { resources, outputs } = await deploySharding(Cloud.Gcp, geoArgs(Cloud.Gcp));
        const config = only(resources, "gcp:apigateway/apiConfig:ApiConfig");
        const openApi = JSON.parse(Buffer.from(config.inputs.openapiDocuments[0].document.contents, "base64").toString()) as {
            paths: Record<string, Record<string, unknown>>;
        };
        assert.deepEqual(
            Object.entries(openApi.paths)
                .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
                .sort(),
            ["DELETE /items/{key}", "GET /items", "GET /items/{key}", "GET /shards/{key}", "POST /moves", "PUT /items/{key}"],
        );
        const found = names(inventory(resources));
        const regional = (prefix: string) => [`${prefix}-spanner`, `${prefix}-database`, `${prefix}-router-database-access`];
        for (const child of [
            ...regional("orders"),
            ...regional("orders-europe-west3"),
            "orders-provider-europe-west3",
            "orders-router-function",
        ]) {
            assert.ok(found.includes(child), `${child} in ${found.join(", ")}`);
        }
        const provider = only(resources, "pulumi:providers:gcp");
        assert.deepEqual([provider.inputs.region, provider.inputs.project], ["europe-west3", "mock-project"]);
        const away = resources
            .filter((r) => r.provider?.startsWith(`${provider.urn}::`))
            .map((r) => r.name)
            .sort();
        assert.deepEqual(away, regional("orders-europe-west3").sort());
        assert.deepEqual(
            ofType(resources, "gcp:spanner/instance:Instance")
                .map((i) => i.inputs.config)
                .sort(),
            ["regional-europe-west3", "regional-us-central1"],
        );
        for (const db of ofType(resources, "gcp:spanner/database:Database")) {
            assert.deepEqual(db.inputs.ddls, [
                "CREATE TABLE items (Shard STRING(64) NOT NULL, Id STRING(1024) NOT NULL, Version INT64 NOT NULL, Deleted BOOL NOT NULL, Body STRING(MAX) NOT NULL) PRIMARY KEY (Shard, Id)",
            ]);
            assert.equal(db.inputs.deletionProtection, true);
        }
        const router = only(resources, "gcp:cloudfunctionsv2/function:Function");
        for (const g of ofType(resources, "gcp:spanner/databaseIAMMember:DatabaseIAMMember")) {
            assert.equal(g.inputs.role, "roles/spanner.databaseUser");
            assert.match(g.inputs.member, /^serviceAccount:/);
        }
        assert.equal(router.inputs.location, "us-central1");
        const settings = settingsOf(router);
        assert.deepEqual(
            settings.map.shards.map((s: any) => [s.name, s.location.kind, s.location.projectId, s.location.table]),
            [
                ["home", "spanner", "mock-project", "items"],
                ["away", "spanner", "mock-project", "items"],
            ],
        );
        assert.ok(ofType(resources, "gcp:apigateway/gateway:Gateway").length === 1);
        assert.deepEqual(
            outputs.shards.map((s) => [s.name, s.region]),
            [
                ["home", "us-central1"],
                ["away", "europe-west3"],
            ],
        );
    });

    it("postgres, geo (a VPC is global): a private Cloud SQL ENTERPRISE instance per shard in its region, IAM users and grants per instance", async () => {
        const { resources, outputs } = await deploySharding(Cloud.Gcp, {
            ...geoArgs(Cloud.Gcp),
            store: "postgres",
            gcp: POSTGRES_NETWORK.gcp,
        });
        const instances = ofType(resources, "gcp:sql/databaseInstance:DatabaseInstance");
        assert.deepEqual(
            instances.map((i) => [i.name, i.inputs.region]),
            [
                ["orders-home-db", "us-central1"],
                ["orders-away-db", "europe-west3"],
            ],
        );
        const provider = only(resources, "pulumi:providers:gcp");
        assert.ok(only(resources, "gcp:sql/databaseInstance:DatabaseInstance", "orders-away-db").provider?.startsWith(`${provider.urn}::`));
        for (const { inputs } of instances) {
            assert.deepEqual(
                [inputs.settings.edition, inputs.settings.ipConfiguration.ipv4Enabled, inputs.settings.ipConfiguration.sslMode],
                ["ENTERPRISE", false, "ENCRYPTED_ONLY"],
            );
        }
        const grants = ofType(resources, "gcp:projects/iAMMember:IAMMember").filter(
            (g) => g.name.endsWith("-client") || g.name.endsWith("-login"),
        );
        assert.deepEqual(grants.map((g) => g.name).sort(), [
            "orders-away-db-client",
            "orders-away-db-login",
            "orders-home-db-client",
            "orders-home-db-login",
        ]);
        for (const g of grants) {
            const instance = g.name.replace(/-(client|login)$/, "");
            const id = only(resources, "gcp:sql/databaseInstance:DatabaseInstance", instance).inputs.name;
            assert.ok(g.inputs.condition.expression.includes(`projects/mock-project/instances/${id}`), g.inputs.condition.expression);
        }
        assert.deepEqual(
            ofType(resources, "gcp:sql/user:User").map((u) => u.inputs.type),
            ["CLOUD_IAM_SERVICE_ACCOUNT", "CLOUD_IAM_SERVICE_ACCOUNT"],
        );
        const router = only(resources, "gcp:cloudfunctionsv2/function:Function").inputs;
        assert.deepEqual(router.serviceConfig.directVpcNetworkInterfaces, [{ network: POSTGRES_NETWORK.gcp.postgres.network }]);
        const settings = settingsOf(only(resources, "gcp:cloudfunctionsv2/function:Function"));
        assert.deepEqual(
            settings.map.shards.map((s: any) => [s.location.kind, s.location.auth, s.location.database]),
            [
                ["postgres", "gcp-iam", "sharding"],
                ["postgres", "gcp-iam", "sharding"],
            ],
        );
        assert.deepEqual(
            outputs.shards.map((s) => s.store),
            instances.map((i) => i.inputs.name),
        );
    });
});
