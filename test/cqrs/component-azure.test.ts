import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { EventSourcing } from "../../components/event-sourcing";
import { AZURE_ROLES } from "../../components/platform/azure-roles";
import { inventory, only, ofType } from "../support/resources";
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

        // The dead-letter container is alarmed like every other dead-letter destination.
        assert.deepEqual(names("azure-native:monitor:MetricAlert"), ["cat-projection-dead-letters-alarm"]);
        const alarm = only(resources, "azure-native:monitor:MetricAlert").inputs;
        assert.equal(alarm.scopes.length, 1);
        assert.match(alarm.scopes[0], /\/DatabaseAccount\/cat-cosmos$/, "the write store's account (the mock id of cat-cosmos)");
        assert.deepEqual(
            alarm.criteria.allOf.map(
                ({ metricNamespace, metricName, timeAggregation, operator, threshold, dimensions }: Record<string, unknown>) => ({
                    metricNamespace,
                    metricName,
                    timeAggregation,
                    operator,
                    threshold,
                    dimensions,
                }),
            ),
            [
                {
                    metricNamespace: "Microsoft.DocumentDB/databaseAccounts",
                    metricName: "TotalRequests",
                    timeAggregation: "Count",
                    operator: "GreaterThan",
                    threshold: 0,
                    dimensions: [{ name: "CollectionName", operator: "Include", values: ["dead-letters"] }],
                },
            ],
        );
        assert.deepEqual([alarm.evaluationFrequency, alarm.windowSize], ["PT1M", "PT1M"]);

        assert.deepEqual(outputs, {
            commandUrl: `https://${only(resources, "azure-native:apimanagement:ApiManagementService", "cat-command-api-apim").inputs.serviceName}.azure-api.net`,
            queryUrl: `https://${only(resources, "azure-native:apimanagement:ApiManagementService", "cat-query-api-apim").inputs.serviceName}.azure-api.net`,
            writeStoreName: `${account.accountName}/cqrs/products`,
            readStoreName: `${search.searchServiceName}/products`,
        });
    });

    it("with source: no Cosmos DB, no command app or API; the EventSourcing's topic delivers with its own identity to a queue the projector alone reads", async () => {
        const { resources, outputs } = await deployCqrs(Cloud.Azure, {}, () => ({ source: new EventSourcing("ledger") }));
        const app = (role: string) => [
            `azure-native:applicationinsights:Component cat-${role}-insights`,
            `azure-native:authorization:RoleAssignment cat-${role}-storage-access`,
            `azure-native:authorization:RoleAssignment cat-${role}-telemetry-access`,
            `azure-native:operationalinsights:Workspace cat-${role}-logs`,
            `azure-native:storage:Blob cat-${role}-package`,
            `azure-native:storage:BlobContainer cat-${role}-deployments`,
            `azure-native:storage:StorageAccount cat-${role}-storage`,
            `azure-native:web:AppServicePlan cat-${role}-plan`,
            `azure-native:web:WebApp cat-${role}-app`,
        ];
        assert.deepEqual(
            inventory(resources).filter((r) => r.split(" ")[1].startsWith("cat-")),
            [
                ...app("projector"),
                ...app("query"),
                "azure-native:apimanagement:Api cat-query-api-api",
                "azure-native:apimanagement:ApiManagementService cat-query-api-apim",
                "azure-native:apimanagement:ApiOperation cat-query-api-op-get-products",
                "azure-native:apimanagement:ApiOperation cat-query-api-op-get-products-id",
                "azure-native:apimanagement:ApiPolicy cat-query-api-policy",
                "azure-native:apimanagement:NamedValue cat-query-api-function-key",
                "azure-native:apimanagement:Subscription cat-query-api-subscription",
                "azure-native:authorization:RoleAssignment cat-projector-events-receive",
                "azure-native:authorization:RoleAssignment cat-projector-search-data",
                "azure-native:authorization:RoleAssignment cat-projector-search-index",
                "azure-native:authorization:RoleAssignment cat-query-search-data",
                "azure-native:authorization:RoleAssignment cat-topic-events-send",
                "azure-native:authorization:RoleAssignment cat-topic-undelivered-write",
                "azure-native:eventgrid:EventSubscription cat-events-subscription",
                "azure-native:monitor:MetricAlert cat-events-dead-letters-alarm",
                "azure-native:monitor:MetricAlert cat-poison-alarm",
                "azure-native:resources:ResourceGroup cat-rg",
                "azure-native:search:Service cat-search",
                "azure-native:servicebus:Namespace cat-events",
                "azure-native:servicebus:Queue cat-events-queue",
                "azure-native:storage:BlobContainer cat-poison-documents",
                "azure-native:storage:StorageAccount cat-poison",
            ].sort(),
        );

        const namespace = only(resources, "azure-native:servicebus:Namespace").inputs;
        assert.deepEqual(
            [namespace.sku, namespace.minimumTlsVersion, namespace.disableLocalAuth],
            [{ name: "Standard", tier: "Standard" }, "1.2", true],
        );
        const queue = only(resources, "azure-native:servicebus:Queue").inputs;
        assert.deepEqual(
            [queue.queueName, queue.maxDeliveryCount, queue.deadLetteringOnMessageExpiration, queue.requiresDuplicateDetection],
            ["events", 5, true, true],
        );
        // Event Grid keeps a message's id across its redeliveries; the window covers the events' whole time to live.
        assert.equal(queue.duplicateDetectionHistoryTimeWindow, "P1D");
        const alarm = only(resources, "azure-native:monitor:MetricAlert", "cat-events-dead-letters-alarm").inputs;
        assert.deepEqual(alarm.criteria.allOf[0], {
            criterionType: "StaticThresholdCriterion",
            name: "dead-letters",
            metricNamespace: "Microsoft.ServiceBus/namespaces",
            metricName: "DeadletteredMessages",
            timeAggregation: "Maximum",
            operator: "GreaterThan",
            threshold: 0,
            dimensions: [{ name: "EntityName", operator: "Include", values: ["events"] }],
        });
        const namespaceId =
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mock-rg/providers/Microsoft.servicebus/Namespace/cat-events";
        assert.deepEqual(alarm.scopes, [namespaceId]);

        const topicId =
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mock-rg/providers/Microsoft.EventGrid/topics/ledger-topic";
        const queueId =
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mock-rg/providers/Microsoft.servicebus/Queue/cat-events-queue";
        const undeliveredAccount = only(resources, "azure-native:storage:StorageAccount", "cat-poison").inputs;
        assert.deepEqual(
            [undeliveredAccount.allowBlobPublicAccess, undeliveredAccount.allowSharedKeyAccess, undeliveredAccount.minimumTlsVersion],
            [false, false, "TLS1_2"],
        );
        const subscription = only(resources, "azure-native:eventgrid:EventSubscription");
        assert.deepEqual(subscription.inputs, {
            scope: topicId,
            eventSubscriptionName: subscription.inputs.eventSubscriptionName,
            eventDeliverySchema: "CloudEventSchemaV1_0",
            // Delivered with the topic's managed identity: no Service Bus key or connection string exists.
            deliveryWithResourceIdentity: {
                identity: { type: "SystemAssigned" },
                destination: { endpointType: "ServiceBusQueue", resourceId: queueId },
            },
            retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 },
            deadLetterWithResourceIdentity: {
                identity: { type: "SystemAssigned" },
                deadLetterDestination: {
                    endpointType: "StorageBlob",
                    resourceId:
                        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mock-rg/providers/Microsoft.storage/StorageAccount/cat-poison",
                    blobContainerName: "poison",
                },
            },
        });
        assert.match(subscription.inputs.eventSubscriptionName, /^cat-projection-[0-9a-f]{8}$/);
        const roleOf = (name: string) => only(resources, "azure-native:authorization:RoleAssignment", name);
        assert.deepEqual(
            ["cat-topic-events-send", "cat-topic-undelivered-write"].map((n) => subscription.waitsFor?.includes(roleOf(n).urn)),
            [true, true],
            "the subscription waits for the topic's access, so its first deliveries are not refused",
        );
        // The topic's identity (looked up from its id) may send to the queue and write undelivered events, nothing more.
        const principal = "ledger-topic-principal";
        assert.deepEqual(
            ofType(resources, "azure-native:authorization:RoleAssignment")
                .filter((r) => r.inputs.principalId === principal)
                .map((r) => [r.inputs.roleDefinitionId, r.inputs.scope]),
            [
                [ROLE_DEFINITION(AZURE_ROLES.serviceBusDataSender), queueId],
                [
                    ROLE_DEFINITION(AZURE_ROLES.storageBlobDataContributor),
                    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mock-rg/providers/Microsoft.storage/BlobContainer/cat-poison-documents",
                ],
            ],
        );
        // The projector may receive from that queue only; it sends nowhere on Service Bus and has no Cosmos DB access.
        const projectorRoles = ofType(resources, "azure-native:authorization:RoleAssignment").filter(
            (r) => r.inputs.principalId === "cat-projector-app-principal" && /servicebus/i.test(r.inputs.scope),
        );
        assert.deepEqual(
            projectorRoles.map((r) => [r.name, r.inputs.roleDefinitionId, r.inputs.scope]),
            [["cat-projector-events-receive", ROLE_DEFINITION(AZURE_ROLES.serviceBusDataReceiver), queueId]],
        );
        assert.equal(
            ofType(resources, "azure-native:cosmosdb:SqlResourceSqlRoleAssignment").filter((r) => r.name.startsWith("cat-")).length,
            0,
        );

        const projector = only(resources, "azure-native:web:WebApp", "cat-projector-app");
        const settings = settingsOf(projector);
        assert.deepEqual([settings.source, settings.deadLetters], ["event-sourcing", undefined]);
        const appSettings = Object.fromEntries(
            (projector.inputs.siteConfig.appSettings as { name: string; value: string }[]).map((s) => [s.name, s.value]),
        );
        assert.equal(appSettings.EVENTS_SERVICE_BUS__fullyQualifiedNamespace, `${namespace.namespaceName}.servicebus.windows.net`);

        const search = only(resources, "azure-native:search:Service").inputs;
        assert.deepEqual(outputs, {
            commandUrl: undefined,
            queryUrl: `https://${only(resources, "azure-native:apimanagement:ApiManagementService", "cat-query-api-apim").inputs.serviceName}.azure-api.net`,
            writeStoreName: `${only(resources, "azure-native:cosmosdb:DatabaseAccount", "ledger-cosmos").inputs.accountName}/eventsourcing/events`,
            readStoreName: `${search.searchServiceName}/products`,
        });
    });

    it("with source from another language (the EventSourcing's outputs): the topic's group and name come from its id", async () => {
        const eventsTopicId =
            "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/ledger-rg/providers/Microsoft.EventGrid/topics/ledger-events";
        const { resources, outputs } = await deployCqrs(Cloud.Azure, {
            source: { eventsTopic: "ledger-events", storeName: "ledger/eventsourcing/events", eventsTopicId },
        });
        assert.equal(only(resources, "azure-native:eventgrid:EventSubscription").inputs.scope, eventsTopicId);
        assert.equal(
            only(resources, "azure-native:authorization:RoleAssignment", "cat-topic-events-send").inputs.principalId,
            "ledger-events-principal",
        );
        assert.deepEqual([outputs.commandUrl, outputs.writeStoreName], [undefined, "ledger/eventsourcing/events"]);
    });

    it("azure.sync 'indexer': no projector, leases or dead letters; the search identity reads the write container; the command app puts the indexer", async () => {
        const { resources, outputs } = await deployCqrs(Cloud.Azure, { azure: { sync: "indexer", indexerIntervalMinutes: 15 } });
        const names = (type: string) =>
            ofType(resources, type)
                .map((r) => r.name)
                .sort();
        assert.deepEqual(names("azure-native:web:WebApp"), ["cat-command-app", "cat-query-app"]);
        assert.deepEqual(names("azure-native:cosmosdb:SqlResourceSqlContainer"), ["cat-writes"]);
        assert.deepEqual(names("azure-native:monitor:MetricAlert"), [], "no dead letters, so no alarm");
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
