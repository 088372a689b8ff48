import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { SHARD_PARTITION_KEY } from "../../components/sharding/azure";
import { inventory, ofType, only } from "../support/resources";
import { deploySharding, geoArgs, POSTGRES_NETWORK, settingsOf } from "./component-fixture";

const COSMOS_CONTRIBUTOR = "00000000-0000-0000-0000-000000000002";
/** A function app's children, and the API Management front door's (apiKey: a subscription). */
const app = (name: string) =>
    ["storage", "deployments", "package", "plan", "logs", "insights", "app", "storage-access", "telemetry-access"].map(
        (c) => `${name}-${c}`,
    );
/** Every route of the router's API, the mover's included, on the front door. */
const ROUTER_API = ["DELETE /items/{key}", "GET /items", "GET /items/{key}", "GET /shards/{key}", "POST /moves", "PUT /items/{key}"];
const names = (resources: ReturnType<typeof inventory>) => resources.map((r) => r.split(" ")[1]);

describe("Sharding on Azure (mocks)", function () {
    this.timeout(180_000);

    it("managed, geo: a serverless Cosmos DB account per region (the away one through its region's provider), containers keyed /shard then /id", async () => {
        const { resources, outputs } = await deploySharding(Cloud.Azure, geoArgs(Cloud.Azure));
        const regional = (prefix: string) => [
            `${prefix}-cosmos`,
            `${prefix}-database`,
            `${prefix}-items`,
            `${prefix}-router-cosmos-access`,
        ];
        const expected = [
            "orders-rg",
            ...app("orders-router"),
            ...regional("orders"),
            ...regional("orders-eastus"),
            "orders-provider-eastus",
        ];
        const found = names(inventory(resources));
        for (const child of expected) assert.ok(found.includes(child), `${child} in ${found.join(", ")}`);
        assert.deepEqual(found.filter((n) => !expected.includes(n) && !n.startsWith("orders-api-")).sort(), []);

        assert.deepEqual(
            ofType(resources, "azure-native:apimanagement:ApiOperation")
                .map((o) => o.inputs.displayName)
                .sort(),
            ROUTER_API,
        );

        const provider = only(resources, "pulumi:providers:azure-native");
        assert.equal(provider.inputs.location, "eastus");
        const away = resources
            .filter((r) => r.provider?.startsWith(`${provider.urn}::`))
            .map((r) => r.name)
            .sort();
        assert.deepEqual(away, regional("orders-eastus").sort());
        const accounts = ofType(resources, "azure-native:cosmosdb:DatabaseAccount");
        assert.deepEqual(accounts.map((a) => a.inputs.location).sort(), ["eastus", "westeurope"]);
        for (const a of accounts) {
            assert.deepEqual(
                [a.inputs.minimalTlsVersion, a.inputs.disableLocalAuth, a.inputs.capabilities],
                ["Tls12", true, [{ name: "EnableServerless" }]],
            );
        }
        for (const c of ofType(resources, "azure-native:cosmosdb:SqlResourceSqlContainer")) {
            assert.deepEqual(c.inputs.resource.partitionKey, { ...SHARD_PARTITION_KEY, paths: ["/shard", "/id"] });
        }
        // The router's identity is data contributor on each container, nothing wider.
        for (const g of ofType(resources, "azure-native:cosmosdb:SqlResourceSqlRoleAssignment")) {
            assert.match(g.inputs.scope, /\/dbs\/sharding\/colls\/items$/);
            assert.match(g.inputs.roleDefinitionId, new RegExp(`${COSMOS_CONTRIBUTOR}$`));
        }
        const settings = settingsOf(only(resources, "azure-native:web:WebApp"));
        assert.deepEqual(
            settings.map.shards.map((s: any) => [s.name, s.region, s.location.kind, s.location.database, s.location.container]),
            [
                ["home", "westeurope", "cosmos", "sharding", "items"],
                ["away", "eastus", "cosmos", "sharding", "items"],
            ],
        );
        assert.notEqual(settings.map.shards[0].location.endpoint, settings.map.shards[1].location.endpoint);
        assert.equal(only(resources, "azure-native:apimanagement:Subscription").inputs.state, "active");
        assert.deepEqual(
            outputs.shards.map((s) => [s.name, s.region]),
            [
                ["home", "westeurope"],
                ["away", "eastus"],
            ],
        );
        assert.match(outputs.routerUrl, /^https:\/\//);
    });

    it("postgres: a private Flexible Server per shard, Entra only, the router's identity their administrator and integrated into the VNet", async () => {
        const { resources, outputs } = await deploySharding(Cloud.Azure, {
            shardCount: 2,
            store: "postgres",
            azure: POSTGRES_NETWORK.azure,
        });
        const servers = ofType(resources, "azure-native:dbforpostgresql:Server");
        assert.deepEqual(
            servers.map((s) => s.name),
            ["orders-shard-0-db", "orders-shard-1-db"],
        );
        for (const { inputs } of servers) {
            assert.deepEqual(inputs.network, {
                delegatedSubnetResourceId: POSTGRES_NETWORK.azure.postgres.delegatedSubnetId,
                privateDnsZoneArmResourceId: POSTGRES_NETWORK.azure.postgres.privateDnsZoneId,
                publicNetworkAccess: "Disabled",
            });
            assert.deepEqual([inputs.authConfig.activeDirectoryAuth, inputs.authConfig.passwordAuth], ["Enabled", "Disabled"]);
            assert.equal(inputs.location, "westeurope");
        }
        const admins = ofType(resources, "azure-native:dbforpostgresql:Administrator");
        assert.deepEqual(
            admins.map((a) => [a.name, a.inputs.principalName, a.inputs.principalType]),
            [
                ["orders-shard-0-db-admin", "orders-router", "ServicePrincipal"],
                ["orders-shard-1-db-admin", "orders-router", "ServicePrincipal"],
            ],
        );
        assert.equal(ofType(resources, "azure-native:cosmosdb:DatabaseAccount").length, 0);
        const router = only(resources, "azure-native:web:WebApp").inputs;
        assert.equal(router.virtualNetworkSubnetId, POSTGRES_NETWORK.azure.postgres.functionSubnetId);
        const settings = settingsOf(only(resources, "azure-native:web:WebApp"));
        assert.deepEqual(
            settings.map.shards.map((s: any) => s.location),
            servers.map((s) => ({
                kind: "postgres",
                host: `${s.inputs.serverName}.postgres.database.azure.com`,
                port: 5432,
                database: "sharding",
                user: "orders-router",
                auth: "azure-entra",
            })),
        );
        assert.deepEqual(
            outputs.shards.map((s) => s.store),
            servers.map((s) => s.inputs.serverName),
        );
    });
});
