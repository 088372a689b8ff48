import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { assignAzureRole, AZURE_ROLES } from "../../components/platform/azure-roles";
import { bundleFunction } from "../../components/platform/bundle";
import { createAzureFunctionApp, flexInstanceMemory, workspaceRetentionDays } from "../../components/platform/function-azure";
import { evaluate, valueOf } from "../../plan/mock-cloud";
import { inventory, only } from "../support/resources";
import { recordedArchiveFiles } from "./recorded";
import { childrenOf, EXPECTED_SETTINGS_JSON, functionArgs, Host } from "./fixture";

const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const TAGS = { "managed-by": "cloud-patterns", pattern: "gateway-aggregation", team: "Payments Team" };
const ARGS = { ...functionArgs(), resourceGroupName: "rg-patterns", location: "westeurope" };

function deploy(args = ARGS) {
    return evaluate(() => createAzureFunctionApp("gw-fn", args, { parent: new Host("gw") }));
}

describe("createAzureFunctionApp", () => {
    it("creates exactly storage, deployment container, package blob, Flex plan, logs, Application Insights, the app and two role assignments, under the pattern", async () => {
        const { resources } = await deploy();
        assert.deepEqual(inventory(resources), childrenOf(resources, "gw-fn-"));
        assert.deepEqual(childrenOf(resources, "gw-fn-"), [
            "azure-native:applicationinsights:Component gw-fn-insights",
            "azure-native:authorization:RoleAssignment gw-fn-storage-access",
            "azure-native:authorization:RoleAssignment gw-fn-telemetry-access",
            "azure-native:operationalinsights:Workspace gw-fn-logs",
            "azure-native:storage:Blob gw-fn-package",
            "azure-native:storage:BlobContainer gw-fn-deployments",
            "azure-native:storage:StorageAccount gw-fn-storage",
            "azure-native:web:AppServicePlan gw-fn-plan",
            "azure-native:web:WebApp gw-fn-app",
        ]);
    });

    it("locks the storage account down: StorageV2 LRS, TLS 1.2, HTTPS only, no public blobs, encrypted, private container", async () => {
        const { resources } = await deploy();
        const account = only(resources, "azure-native:storage:StorageAccount").inputs;
        assert.match(account.accountName, /^gwfn[0-9a-f]{8}$/);
        assert.equal(account.resourceGroupName, "rg-patterns");
        assert.equal(account.location, "westeurope");
        assert.equal(account.kind, "StorageV2");
        assert.deepEqual(account.sku, { name: "Standard_LRS" });
        assert.equal(account.minimumTlsVersion, "TLS1_2");
        assert.equal(account.allowBlobPublicAccess, false);
        assert.equal(account.enableHttpsTrafficOnly, true);
        assert.deepEqual(account.encryption, { keySource: "Microsoft.Storage", services: { blob: { enabled: true, keyType: "Account" } } });
        assert.deepEqual(account.tags, TAGS);
        const container = only(resources, "azure-native:storage:BlobContainer").inputs;
        assert.equal(container.publicAccess, "None");
        assert.equal(container.accountName, account.accountName);
    });

    it("uploads the Azure bundle as released-package.zip into the deployment container", async () => {
        const { resources } = await deploy();
        const blob = only(resources, "azure-native:storage:Blob").inputs;
        assert.equal(blob.blobName, "released-package.zip");
        assert.equal(blob.containerName, "app-package");
        assert.equal(blob.contentType, "application/zip");
        const bundle = bundleFunction(ARGS.bundle, Cloud.Azure, "gw-fn");
        assert.deepEqual(await recordedArchiveFiles(blob.source), bundle.files);
        assert.ok(bundle.files["host.json"], "an Azure package has host.json");
    });

    it("hosts the app on FC1 Flex Consumption with node 22, the instance size and scale ceiling", async () => {
        const { resources } = await deploy({ ...ARGS, memoryMb: 1024, maxInstances: 40 });
        const plan = only(resources, "azure-native:web:AppServicePlan").inputs;
        assert.deepEqual(
            { kind: plan.kind, reserved: plan.reserved, sku: plan.sku, tags: plan.tags },
            { kind: "functionapp", reserved: true, sku: { name: "FC1", tier: "FlexConsumption" }, tags: TAGS },
        );
        const app = only(resources, "azure-native:web:WebApp").inputs;
        assert.equal(
            app.serverFarmId,
            `/subscriptions/${SUBSCRIPTION}/resourceGroups/mock-rg/providers/Microsoft.web/AppServicePlan/gw-fn-plan`,
        );
        assert.deepEqual(app.functionAppConfig.runtime, { name: "node", version: "24" });
        assert.deepEqual(app.functionAppConfig.scaleAndConcurrency, { maximumInstanceCount: 40, instanceMemoryMB: 2048 });
    });

    it("secures the app: HTTPS only, TLS 1.2, FTPS off, a system-assigned identity reading the package and host storage", async () => {
        const { resources } = await deploy();
        const app = only(resources, "azure-native:web:WebApp").inputs;
        const account = only(resources, "azure-native:storage:StorageAccount").inputs;
        assert.equal(app.kind, "functionapp,linux");
        assert.match(app.name, /^gw-fn-[0-9a-f]{8}$/);
        assert.equal(app.httpsOnly, true);
        assert.deepEqual(app.identity, { type: "SystemAssigned" });
        assert.equal(app.siteConfig.minTlsVersion, "1.2");
        assert.equal(app.siteConfig.scmMinTlsVersion, "1.2");
        assert.equal(app.siteConfig.ftpsState, "Disabled");
        assert.deepEqual(app.functionAppConfig.deployment, {
            storage: {
                type: "blobContainer",
                value: `https://${account.accountName}.blob.core.windows.net/app-package`,
                authentication: { type: "SystemAssignedIdentity" },
            },
        });
        assert.deepEqual(app.tags, TAGS);
    });

    it("registers no siteConfig.netFrameworkVersion, which azure-native defaults to v4.6 and ARM refuses for Flex sites (pulumi-azure-native#4168)", async () => {
        const { resources } = await deploy();
        const siteConfig = only(resources, "azure-native:web:WebApp").inputs.siteConfig;
        assert.equal("netFrameworkVersion" in siteConfig, false, `registered siteConfig: ${JSON.stringify(Object.keys(siteConfig))}`);
        assert.equal(siteConfig.http20Enabled, true, "the rest of siteConfig is registered as given");
    });

    it("sets identity-based host storage, the settings document, the timeout and the package hash as app settings, and no keys", async () => {
        const { resources } = await deploy();
        const app = only(resources, "azure-native:web:WebApp").inputs;
        const account = only(resources, "azure-native:storage:StorageAccount").inputs;
        const settings = Object.fromEntries(
            (app.siteConfig.appSettings as { name: string; value: string }[]).map((s) => [s.name, s.value]),
        );
        assert.deepEqual(settings, {
            AzureWebJobsStorage__accountName: account.accountName,
            AzureFunctionsJobHost__functionTimeout: "00:00:20",
            APPLICATIONINSIGHTS_CONNECTION_STRING:
                "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://mock.in.applicationinsights.azure.com/;ApplicationId=gw-fn-insights",
            APPLICATIONINSIGHTS_AUTHENTICATION_STRING: "Authorization=AAD",
            CLOUD_PATTERNS_PACKAGE_HASH: bundleFunction(ARGS.bundle, Cloud.Azure, "gw-fn").hash,
            CLOUD_PATTERNS_CONFIG: EXPECTED_SETTINGS_JSON,
            EXTRA: "yes",
        });
    });

    it("grants the app's identity Storage Blob Data Owner on its own storage account only", async () => {
        const { resources } = await deploy();
        const assignment = only(resources, "azure-native:authorization:RoleAssignment", "gw-fn-storage-access").inputs;
        assert.deepEqual(assignment, {
            principalId: "gw-fn-app-principal",
            principalType: "ServicePrincipal",
            roleDefinitionId: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/b7e6dc6d-f1e8-4753-8033-0f276bb0955b`,
            scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/mock-rg/providers/Microsoft.storage/StorageAccount/gw-fn-storage`,
        });
    });

    it("keeps logs in a pay-per-GB workspace with retention, written by the app's identity to keyless Application Insights", async () => {
        const { resources } = await deploy({ ...ARGS, logRetentionDays: 90 });
        const workspace = only(resources, "azure-native:operationalinsights:Workspace").inputs;
        assert.deepEqual(
            { sku: workspace.sku, retentionInDays: workspace.retentionInDays, tags: workspace.tags },
            { sku: { name: "PerGB2018" }, retentionInDays: 90, tags: TAGS },
        );
        const insights = only(resources, "azure-native:applicationinsights:Component").inputs;
        assert.equal(
            insights.workspaceResourceId,
            `/subscriptions/${SUBSCRIPTION}/resourceGroups/mock-rg/providers/Microsoft.operationalinsights/Workspace/gw-fn-logs`,
        );
        assert.equal(insights.disableLocalAuth, true);
        assert.equal(insights.ingestionMode, "LogAnalytics");
        assert.deepEqual(insights.tags, TAGS);
        assert.deepEqual(only(resources, "azure-native:authorization:RoleAssignment", "gw-fn-telemetry-access").inputs, {
            principalId: "gw-fn-app-principal",
            principalType: "ServicePrincipal",
            roleDefinitionId: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/3913510d-42f4-4e42-8a64-420c390055eb`,
            scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/mock-rg/providers/Microsoft.applicationinsights/Component/gw-fn-insights`,
        });
        assert.deepEqual([1, 30, 400, 5000].map(workspaceRetentionDays), [30, 30, 400, 730]);
    });

    it("returns the app's name, URL and identity", async () => {
        const { result } = await deploy();
        assert.match(await valueOf(result.functionName), /^gw-fn-[0-9a-f]{8}$/);
        assert.equal(await valueOf(result.url), `https://${await valueOf(result.functionName)}.azurewebsites.net`);
        assert.equal(await valueOf(result.principalId), "gw-fn-app-principal");
    });

    it("maps memory up to the next Flex instance size and rejects what Flex cannot run", async () => {
        assert.deepEqual([128, 512, 513, 2048, 4096].map(flexInstanceMemory), [512, 512, 2048, 2048, 4096]);
        await assert.rejects(
            deploy({ ...ARGS, memoryMb: 8192 }),
            /gw-fn \(Azure Functions\): memoryMb must be an integer from 128 to 4096, got 8192/,
        );
        await assert.rejects(deploy({ ...ARGS, maxInstances: 0 }), /maxInstances must be an integer from 1 to 1000, got 0/);
    });
});

describe("assignAzureRole", () => {
    const principalId = "11111111-2222-3333-4444-555555555555";
    const queue = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.ServiceBus/namespaces/ns/queues/q`;

    it("assigns one built-in role to one identity on one resource", async () => {
        const { resources } = await evaluate(() =>
            assignAzureRole("gw-sender", { principalId, roleDefinitionGuid: AZURE_ROLES.serviceBusDataSender, scope: queue }, {}),
        );
        assert.deepEqual(only(resources, "azure-native:authorization:RoleAssignment", "gw-sender").inputs, {
            principalId,
            principalType: "ServicePrincipal",
            roleDefinitionId: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/69a216fc-b8fb-44d8-bc22-1f3c2cd27a39`,
            scope: queue,
        });
    });

    it("refuses a role that is not a GUID and a scope wider than one resource, before creating anything", async () => {
        await assert.rejects(
            evaluate(() => assignAzureRole("a", { principalId, roleDefinitionGuid: "Owner", scope: queue }, {})),
            /a: roleDefinitionGuid must be a role definition GUID \(see AZURE_ROLES\), got 'Owner'/,
        );
        await assert.rejects(
            evaluate(() =>
                assignAzureRole(
                    "b",
                    {
                        principalId,
                        roleDefinitionGuid: AZURE_ROLES.keyVaultSecretsUser,
                        scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg`,
                    },
                    {},
                ),
            ),
            /b: scope must be the ARM id of one resource \(.*\), got '\/subscriptions\/.*\/resourceGroups\/rg'/,
        );
    });
});
