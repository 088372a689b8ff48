import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { inventory, only } from "../support/resources";
import { aclArgs, evaluateAcl, PASSWORD, settingsOf } from "./component-fixture";

const WEBAPP = "azure-native:web:WebApp";
const KEY_VAULT_SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6";

function appSettings(resources: Awaited<ReturnType<typeof evaluateAcl>>["resources"]): Record<string, string> {
    const list = only(resources, WEBAPP).inputs.siteConfig.appSettings as { name: string; value: string }[];
    return Object.fromEntries(list.map((s) => [s.name, s.value]));
}

describe("AntiCorruptionLayer on Azure (mocks)", () => {
    it("creates exactly API Management, the Flex function app (with its telemetry), a Key Vault with the secret, and the role assignments", async () => {
        const { resources } = await evaluateAcl(Cloud.Azure);
        assert.deepEqual(inventory(resources), [
            "azure-native:apimanagement:Api orders-acl-front-api",
            "azure-native:apimanagement:ApiManagementService orders-acl-front-apim",
            "azure-native:apimanagement:ApiOperation orders-acl-front-op-get-orders-id",
            "azure-native:apimanagement:ApiOperation orders-acl-front-op-post-orders",
            "azure-native:apimanagement:ApiPolicy orders-acl-front-policy",
            "azure-native:apimanagement:NamedValue orders-acl-front-function-key",
            // auth defaults to apiKey on Azure: the callers' subscription.
            "azure-native:apimanagement:Subscription orders-acl-front-subscription",
            "azure-native:applicationinsights:Component orders-acl-translator-insights",
            "azure-native:authorization:RoleAssignment orders-acl-secret-access",
            "azure-native:authorization:RoleAssignment orders-acl-translator-storage-access",
            "azure-native:authorization:RoleAssignment orders-acl-translator-telemetry-access",
            "azure-native:keyvault:Secret orders-acl-credentials",
            "azure-native:keyvault:Vault orders-acl-vault",
            "azure-native:operationalinsights:Workspace orders-acl-translator-logs",
            "azure-native:resources:ResourceGroup orders-acl-rg",
            "azure-native:storage:Blob orders-acl-translator-package",
            "azure-native:storage:BlobContainer orders-acl-translator-deployments",
            "azure-native:storage:StorageAccount orders-acl-translator-storage",
            "azure-native:web:AppServicePlan orders-acl-translator-plan",
            `${WEBAPP} orders-acl-translator-app`,
        ]);
        const component = only(resources, "cloud-patterns:index:AntiCorruptionLayer");
        for (const child of resources.filter((r) => r.custom))
            assert.equal(child.parent, component.urn, `${child.name} is a child of the component`);
    });

    it("wires every route through API Management (Consumption) to the function app, waiting for all attempts", async () => {
        const { resources } = await evaluateAcl(Cloud.Azure);
        assert.equal(only(resources, "azure-native:apimanagement:ApiManagementService").inputs.sku.name, "Consumption");
        const operations = resources
            .filter((r) => r.type === "azure-native:apimanagement:ApiOperation")
            .map((r) => `${r.inputs.method} ${r.inputs.urlTemplate}`)
            .sort();
        assert.deepEqual(operations, ["GET /orders/{id}", "POST /orders"]);
        const policy = only(resources, "azure-native:apimanagement:ApiPolicy").inputs.value as string;
        assert.match(policy, /<set-backend-service base-url="https:\/\/orders-acl-translator-[0-9a-f]{8}.azurewebsites.net" \/>/);
        assert.match(policy, /<forward-request timeout="27" \/>/);
    });

    it("keeps the credentials in an RBAC Key Vault and gives the app only the vault URI and secret name", async () => {
        const { resources } = await evaluateAcl(Cloud.Azure);
        const vault = only(resources, "azure-native:keyvault:Vault").inputs;
        assert.equal(vault.properties.enableRbacAuthorization, true, "access by Azure RBAC, per secret, not vault-wide access policies");
        assert.equal(vault.properties.enableSoftDelete, true);
        assert.equal(vault.properties.tenantId, "mock-tenant");
        assert.deepEqual(vault.properties.sku, { family: "A", name: "standard" });
        assert.equal(vault.properties.accessPolicies, undefined);
        const secret = only(resources, "azure-native:keyvault:Secret").inputs;
        assert.equal(secret.secretName, "legacy-credentials");
        assert.equal(
            secret.properties["4dabf18193072939515e22adb298388d"],
            "1b47061264138c4ac30d75fd1eb44270",
            "the value is a Pulumi secret",
        );
        assert.deepEqual(JSON.parse(secret.properties.value.value), { username: "acl-svc", password: PASSWORD });

        const settings = appSettings(resources);
        assert.ok(!JSON.stringify(settings).includes(PASSWORD), "no password in any app setting");
        assert.deepEqual(settingsOf(settings).credentials, {
            provider: "azure",
            vaultUrl: `https://${vault.vaultName}.vault.azure.net/`,
            secretName: "legacy-credentials",
        });
    });

    it("grants Key Vault Secrets User to the app's identity on the secret, not the vault", async () => {
        const { resources } = await evaluateAcl(Cloud.Azure);
        const access = only(resources, "azure-native:authorization:RoleAssignment", "orders-acl-secret-access").inputs;
        assert.equal(access.principalId, "orders-acl-translator-app-principal");
        assert.equal(access.principalType, "ServicePrincipal");
        assert.equal(
            access.roleDefinitionId,
            `/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/${KEY_VAULT_SECRETS_USER}`,
        );
        assert.match(access.scope, /\/providers\/Microsoft\.keyvault\/Secret\/orders-acl-credentials$/);
        const grantsOnVault = resources.filter(
            (r) => r.type === "azure-native:authorization:RoleAssignment" && /Vault\/orders-acl-vault$/.test(r.inputs.scope),
        );
        assert.equal(grantsOnVault.length, 0);
    });

    it("outputs the API Management gateway URL and the function app name", async () => {
        const { url, functionName, resources } = await evaluateAcl(Cloud.Azure);
        assert.match(url, /^https:\/\/orders-acl-front-[0-9a-f]{8}\.azure-api\.net$/);
        assert.equal(functionName, only(resources, WEBAPP).inputs.name);
    });

    it("uses a given resource group and creates none", async () => {
        const { resources } = await evaluateAcl(Cloud.Azure, aclArgs({ azure: { resourceGroupName: "platform-rg" } }));
        assert.equal(resources.filter((r) => r.type === "azure-native:resources:ResourceGroup").length, 0);
        assert.equal(only(resources, "azure-native:keyvault:Vault").inputs.resourceGroupName, "platform-rg");
    });

    it("creates no vault and no grant when the legacy service takes no credentials", async () => {
        const args = aclArgs();
        const { resources } = await evaluateAcl(Cloud.Azure, { ...args, legacy: { ...args.legacy, credentials: undefined } });
        assert.equal(resources.filter((r) => r.type.startsWith("azure-native:keyvault")).length, 0);
        assert.equal(resources.filter((r) => r.name === "orders-acl-secret-access").length, 0);
    });
});
