import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { AZURE_ROLES } from "../../components/platform/azure-roles";
import { only, ofType } from "../support/resources";
import { deployCqrs, settingsOf } from "./component-fixture";

const ROLE_DEFINITION = (guid: string) =>
    `/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

describe("Cqrs on Azure (mocks)", function () {
    this.timeout(180_000);

    it("Cosmos DB serverless (TLS 1.2, local auth off) -> change feed projector -> AI Search (keys off), three apps, two API Managements", async () => {
        const { resources, outputs } = await deployCqrs(Cloud.Azure);
        const names = (type: string) =>
            ofType(resources, type)
                .map((r) => r.name)
                .sort();
        assert.deepEqual(names("azure-native:web:WebApp"), ["cat-command-app", "cat-projector-app", "cat-query-app"]);
        assert.deepEqual(names("azure-native:apimanagement:ApiManagementService"), ["cat-command-api-apim", "cat-query-api-apim"]);
        assert.deepEqual(names("azure-native:cosmosdb:SqlResourceSqlContainer"), [
            "cat-leases",
            "cat-projection-dead-letters",
            "cat-writes",
        ]);
        assert.deepEqual(names("azure-native:cosmosdb:SqlResourceSqlRoleAssignment"), [
            "cat-command-cosmos-access",
            "cat-projector-cosmos-access",
        ]);
        assert.deepEqual(names("azure-native:search:Service"), ["cat-search"]);
        assert.deepEqual(
            names("azure-native:authorization:RoleAssignment").filter((n) => n.includes("search")),
            ["cat-projector-search-data", "cat-projector-search-index", "cat-query-search-data"],
        );
        assert.deepEqual(names("azure-native:apimanagement:ApiOperation"), [
            "cat-command-api-op-delete-products-id",
            "cat-command-api-op-patch-products-id",
            "cat-command-api-op-put-products-id",
            "cat-query-api-op-get-products",
            "cat-query-api-op-get-products-id",
        ]);

        const account = only(resources, "azure-native:cosmosdb:DatabaseAccount").inputs;
        assert.deepEqual(
            [account.capabilities, account.minimalTlsVersion, account.disableLocalAuth, account.disableKeyBasedMetadataWriteAccess],
            [[{ name: "EnableServerless" }], "Tls12", true, true],
        );
        const writes = only(resources, "azure-native:cosmosdb:SqlResourceSqlContainer", "cat-writes").inputs.resource;
        assert.deepEqual([writes.id, writes.partitionKey.paths, writes.defaultTtl], ["products", ["/id"], -1]);

        const search = only(resources, "azure-native:search:Service").inputs;
        assert.deepEqual(
            [search.sku, search.identity, search.disableLocalAuth, search.authOptions],
            [{ name: "basic" }, { type: "SystemAssigned" }, true, undefined],
        );
        const searchId =
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mock-rg/providers/Microsoft.search/Service/cat-search";
        const roleOf = (name: string) => only(resources, "azure-native:authorization:RoleAssignment", name).inputs;
        const app = (role: string) => `cat-${role}-app-principal`;
        assert.deepEqual(
            ["cat-projector-search-data", "cat-projector-search-index", "cat-query-search-data"].map((n) => [
                roleOf(n).principalId,
                roleOf(n).roleDefinitionId,
                roleOf(n).scope,
            ]),
            [
                [app("projector"), ROLE_DEFINITION(AZURE_ROLES.searchIndexDataContributor), searchId],
                [app("projector"), ROLE_DEFINITION(AZURE_ROLES.searchServiceContributor), searchId],
                [app("query"), ROLE_DEFINITION(AZURE_ROLES.searchIndexDataReader), searchId],
            ],
        );
        const accountId =
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mock-rg/providers/Microsoft.cosmosdb/DatabaseAccount/cat-cosmos";
        const cosmosRole = (n: string) => only(resources, "azure-native:cosmosdb:SqlResourceSqlRoleAssignment", n).inputs;
        assert.deepEqual(
            [cosmosRole("cat-command-cosmos-access").principalId, cosmosRole("cat-command-cosmos-access").scope],
            [app("command"), `${accountId}/dbs/cqrs/colls/products`],
        );
        assert.deepEqual(
            [cosmosRole("cat-projector-cosmos-access").principalId, cosmosRole("cat-projector-cosmos-access").scope],
            [app("projector"), `${accountId}/dbs/cqrs`],
        );
        assert.equal(
            ofType(resources, "azure-native:cosmosdb:SqlResourceSqlRoleAssignment").some((r) => r.inputs.principalId === app("query")),
            false,
            "the query app never touches the write model",
        );

        const endpoint = `https://${account.accountName}.documents.azure.com:443/`;
        const settings = (role: string) => settingsOf(only(resources, "azure-native:web:WebApp", `cat-${role}-app`));
        assert.deepEqual(settings("command").writeStore, { kind: "cosmos", endpoint, database: "cqrs", container: "products" });
        const readStore = { kind: "ai-search", endpoint: `https://${search.searchServiceName}.search.windows.net`, index: "products" };
        assert.deepEqual(settings("projector").readStore, readStore);
        assert.deepEqual(settings("projector").deadLetters, {
            kind: "cosmos",
            maxAttempts: 5,
            endpoint,
            database: "cqrs",
            container: "dead-letters",
        });
        assert.equal(settings("projector").source, "cosmos-change-feed");
        assert.deepEqual(settings("query").readStore, readStore);
        const projectorApp = only(resources, "azure-native:web:WebApp", "cat-projector-app").inputs;
        const appSettings = Object.fromEntries(
            (projectorApp.siteConfig.appSettings as { name: string; value: string }[]).map((s) => [s.name, s.value]),
        );
        assert.equal(appSettings.WRITES_COSMOS__accountEndpoint, endpoint);

        assert.deepEqual(outputs, {
            commandUrl: `https://${only(resources, "azure-native:apimanagement:ApiManagementService", "cat-command-api-apim").inputs.serviceName}.azure-api.net`,
            queryUrl: `https://${only(resources, "azure-native:apimanagement:ApiManagementService", "cat-query-api-apim").inputs.serviceName}.azure-api.net`,
            writeStoreName: `${account.accountName}/cqrs/products`,
            readStoreName: `${search.searchServiceName}/products`,
        });
    });

    it("azure.sync 'indexer': no projector, leases or dead letters; the search identity reads the write container; the command app puts the indexer", async () => {
        const { resources, outputs } = await deployCqrs(Cloud.Azure, { azure: { sync: "indexer", indexerIntervalMinutes: 15 } });
        const names = (type: string) =>
            ofType(resources, type)
                .map((r) => r.name)
                .sort();
        assert.deepEqual(names("azure-native:web:WebApp"), ["cat-command-app", "cat-query-app"]);
        assert.deepEqual(names("azure-native:cosmosdb:SqlResourceSqlContainer"), ["cat-writes"]);
        assert.deepEqual(names("azure-native:cosmosdb:SqlResourceSqlRoleAssignment"), [
            "cat-command-cosmos-access",
            "cat-indexer-cosmos-access",
        ]);
        assert.deepEqual(
            names("azure-native:authorization:RoleAssignment").filter((n) => n.includes("search") || n.includes("indexer")),
            ["cat-command-search-index", "cat-indexer-cosmos-account", "cat-query-search-data"],
        );

        const accountId =
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mock-rg/providers/Microsoft.cosmosdb/DatabaseAccount/cat-cosmos";
        const searchId =
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mock-rg/providers/Microsoft.search/Service/cat-search";
        const search = only(resources, "azure-native:search:Service");
        const searchPrincipal = "cat-search-principal";
        const reader = only(resources, "azure-native:cosmosdb:SqlResourceSqlRoleAssignment", "cat-indexer-cosmos-access").inputs;
        assert.deepEqual(
            [reader.principalId, reader.roleDefinitionId, reader.scope],
            [
                searchPrincipal,
                `${accountId}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000001`,
                `${accountId}/dbs/cqrs/colls/products`,
            ],
        );
        const roleOf = (name: string) => only(resources, "azure-native:authorization:RoleAssignment", name).inputs;
        assert.deepEqual(
            ["cat-indexer-cosmos-account", "cat-command-search-index", "cat-query-search-data"].map((n) => [
                roleOf(n).principalId,
                roleOf(n).roleDefinitionId,
                roleOf(n).scope,
            ]),
            [
                [searchPrincipal, ROLE_DEFINITION(AZURE_ROLES.cosmosDbAccountReader), accountId],
                ["cat-command-app-principal", ROLE_DEFINITION(AZURE_ROLES.searchServiceContributor), searchId],
                ["cat-query-app-principal", ROLE_DEFINITION(AZURE_ROLES.searchIndexDataReader), searchId],
            ],
        );
        assert.equal(
            ofType(resources, "azure-native:authorization:RoleAssignment").some(
                (r) => r.inputs.roleDefinitionId === ROLE_DEFINITION(AZURE_ROLES.searchIndexDataContributor),
            ),
            false,
            "no function writes index documents: the indexer does",
        );

        const settings = (role: string) => settingsOf(only(resources, "azure-native:web:WebApp", `cat-${role}-app`));
        const endpoint = `https://${search.inputs.searchServiceName}.search.windows.net`;
        const command = settings("command");
        assert.deepEqual(command.indexer, {
            endpoint,
            index: "products",
            readModel: settings("query").readModel,
            cosmosAccountId: accountId,
            intervalMinutes: 15,
        });
        assert.deepEqual(settings("query").readStore, { kind: "ai-search", endpoint, index: "products" });
        assert.deepEqual(outputs.readStoreName, `${search.inputs.searchServiceName}/products`);
    });
});
