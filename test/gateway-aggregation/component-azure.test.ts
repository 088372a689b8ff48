import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { GatewayAggregation } from "../../components/gateway-aggregation";
import { evaluate } from "../../plan/mock-cloud";
import { mockId } from "../../plan/mock-state";
import { inventory, only } from "../support/resources";
import { BACKENDS, deploy, Deployed, EXPECTED_SETTINGS, EXPECTED_TAGS, handlerSettings, STACK_CONFIG } from "./deploy";

const FUNCTION_CHILDREN = [
    "azure-native:applicationinsights:Component agg-insights",
    "azure-native:authorization:RoleAssignment agg-storage-access",
    "azure-native:authorization:RoleAssignment agg-telemetry-access",
    "azure-native:operationalinsights:Workspace agg-logs",
    "azure-native:storage:Blob agg-package",
    "azure-native:storage:BlobContainer agg-deployments",
    "azure-native:storage:StorageAccount agg-storage",
    "azure-native:web:AppServicePlan agg-plan",
    "azure-native:web:WebApp agg-app",
];
const APIM_CHILDREN = [
    "azure-native:apimanagement:Api agg-api",
    "azure-native:apimanagement:ApiManagementService agg-apim",
    "azure-native:apimanagement:ApiOperation agg-op-get-aggregate-id",
    "azure-native:apimanagement:ApiPolicy agg-policy",
    "azure-native:apimanagement:NamedValue agg-function-key",
];

describe("GatewayAggregation on Azure (Pulumi mocks)", () => {
    let d: Deployed;
    before(async () => {
        d = await deploy("azure");
    });
    const app = () => only(d.resources, "azure-native:web:WebApp");
    const appSettings = () =>
        Object.fromEntries((app().inputs.siteConfig.appSettings as { name: string; value: string }[]).map((s) => [s.name, s.value]));

    it("creates exactly API Management (Consumption) in front of a Flex Consumption function app, in a new resource group", () => {
        assert.deepEqual(
            inventory(d.resources),
            [...APIM_CHILDREN, "azure-native:resources:ResourceGroup agg-rg", ...FUNCTION_CHILDREN].sort(),
        );
        assert.equal(d.component.cloud, Cloud.Azure);
        assert.ok(d.component.azure && !d.component.aws && !d.component.gcp);
        const service = only(d.resources, "azure-native:apimanagement:ApiManagementService");
        assert.deepEqual(service.inputs.sku, { name: "Consumption", capacity: 0 });
        assert.equal(service.inputs.publisherEmail, "platform@example.com");
        assert.equal(only(d.resources, "azure-native:web:AppServicePlan").inputs.sku.name, "FC1");
    });

    it("uses the given resource group instead of creating one", async () => {
        const inGroup = await deploy("azure", { azure: { resourceGroupName: "platform-rg", publisherEmail: "apis@contoso.com" } });
        assert.deepEqual(inventory(inGroup.resources), [...APIM_CHILDREN, ...FUNCTION_CHILDREN].sort());
        for (const r of inGroup.resources.filter((x) => x.custom && x.type !== "azure-native:authorization:RoleAssignment")) {
            assert.equal(r.inputs.resourceGroupName, "platform-rg", r.name);
        }
        assert.equal(only(inGroup.resources, "azure-native:apimanagement:ApiManagementService").inputs.publisherEmail, "apis@contoso.com");
    });

    it("wires the API's backend to the function app's URL, with the function key from a secret named value", () => {
        const hostUrl = `https://${app().inputs.name}.azurewebsites.net`;
        const api = only(d.resources, "azure-native:apimanagement:Api");
        assert.equal(api.inputs.serviceUrl, hostUrl);
        assert.deepEqual(api.inputs.protocols, ["https"]);
        const policy = only(d.resources, "azure-native:apimanagement:ApiPolicy").inputs.value as string;
        assert.ok(policy.includes(`<set-backend-service base-url="${hostUrl}" />`), policy);
        assert.match(policy, /<set-header name="x-functions-key" exists-action="override">\s*<value>\{\{function-key\}\}<\/value>/);
        assert.match(policy, /<forward-request timeout="11" \/>/, "APIM waits the budget plus a second");
        const key = only(d.resources, "azure-native:apimanagement:NamedValue");
        assert.equal(key.inputs.secret, true);
        assert.equal(key.inputs.namedValueId, "function-key");
    });

    it("maps the route to one operation with its path parameter", () => {
        const operation = only(d.resources, "azure-native:apimanagement:ApiOperation");
        assert.equal(operation.inputs.method, "GET");
        assert.equal(operation.inputs.urlTemplate, "/aggregate/{id}");
        assert.deepEqual(operation.inputs.templateParameters, [{ name: "id", type: "string", required: true }]);
        assert.equal(operation.inputs.apiId, "functions");
    });

    it("keeps storage private and TLS 1.2, the app HTTPS-only with its own identity", () => {
        const storage = only(d.resources, "azure-native:storage:StorageAccount");
        assert.equal(storage.inputs.minimumTlsVersion, "TLS1_2");
        assert.equal(storage.inputs.allowBlobPublicAccess, false);
        assert.equal(storage.inputs.enableHttpsTrafficOnly, true);
        assert.equal(storage.inputs.encryption.services.blob.enabled, true);
        assert.equal(only(d.resources, "azure-native:storage:BlobContainer").inputs.publicAccess, "None");
        assert.equal(app().inputs.httpsOnly, true);
        assert.equal(app().inputs.siteConfig.minTlsVersion, "1.2");
        assert.equal(app().inputs.identity.type, "SystemAssigned");
        const access = only(d.resources, "azure-native:authorization:RoleAssignment", "agg-storage-access");
        assert.equal(
            access.inputs.scope,
            mockId("azure-native:storage:StorageAccount", "agg-storage"),
            "the role is scoped to the app's own storage account",
        );
        assert.equal(access.inputs.principalId, "agg-app-principal", "granted to the app's identity");
    });

    it("writes CLOUD_PATTERNS_CONFIG as an app setting, in the form the handler reads", () => {
        const document = appSettings().CLOUD_PATTERNS_CONFIG;
        assert.deepEqual(JSON.parse(document), EXPECTED_SETTINGS);
        assert.equal(handlerSettings(document).timeoutMs, 10000);
        assert.equal(appSettings().AzureFunctionsJobHost__functionTimeout, "00:00:11");
        assert.equal(
            app().inputs.functionAppConfig.scaleAndConcurrency.instanceMemoryMB,
            512,
            "256 MB rounds up to the smallest Flex size",
        );
    });

    it("tags every child that takes tags", () => {
        for (const type of [
            "azure-native:resources:ResourceGroup",
            "azure-native:apimanagement:ApiManagementService",
            "azure-native:storage:StorageAccount",
            "azure-native:web:AppServicePlan",
            "azure-native:web:WebApp",
        ]) {
            assert.deepEqual(only(d.resources, type).inputs.tags, EXPECTED_TAGS, type);
        }
    });

    it("outputs the APIM gateway URL and the function app's name", () => {
        assert.equal(
            d.url,
            `https://${only(d.resources, "azure-native:apimanagement:ApiManagementService").inputs.serviceName}.azure-api.net`,
        );
        assert.equal(d.functionName, app().inputs.name);
    });

    it("refuses memory Flex Consumption cannot give before creating the resource group", async () => {
        let error: Error | undefined;
        const { resources } = await evaluate(
            () => {
                try {
                    new GatewayAggregation("agg", { backends: BACKENDS, memoryMb: 8192 });
                } catch (err) {
                    error = err as Error;
                }
            },
            { config: STACK_CONFIG.azure },
        );
        assert.match(error?.message ?? "", /memoryMb must be an integer from 128 to 4096, got 8192/);
        assert.deepEqual(inventory(resources), []);
    });
});
