import { posix } from "node:path";
import * as azn from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import { assignAzureRole, AZURE_ROLES } from "./azure-roles";
import { workspaceRetentionDays } from "./function-azure";
import { azureContainerAppName, azureDnsName } from "./naming";
import { ContainerServiceArgs, ContainerSpec, HostedContainerService, mainContainer, SecretFile } from "./container-types";
import { ArgsValidator } from "./validate";

export interface AzureContainerAppArgs extends ContainerServiceArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    readonly location?: pulumi.Input<string>;
    /** Turns on the Dapr sidecar for the main container (its app id is the app's name). @default false */
    readonly dapr?: boolean;
}

/** The children of one container app. */
export interface AzureContainerApp extends HostedContainerService {
    /** Where the environment's console and system logs go, with retention. */
    readonly logWorkspace: azn.operationalinsights.Workspace;
    readonly environment: azn.app.ManagedEnvironment;
    readonly app: azn.app.ContainerApp;
    /** With secret files: the identity the app reads them from Key Vault as, and its role on each secret alone. */
    readonly secretReader?: {
        readonly identity: azn.managedidentity.UserAssignedIdentity;
        readonly roleAssignments: azn.authorization.RoleAssignment[];
    };
}

/** A Key Vault secret's resource id, as the Ambassador checked it: `.../vaults/<vault>/secrets/<name>`. */
const KEY_VAULT_SECRET_ID = /\/vaults\/([^/]+)\/secrets\/([^/]+)$/i;

/** The versionless URL Container Apps resolves a secret from (public cloud's vault.azure.net), so a new version reaches the next revision. */
function keyVaultSecretUrl(owner: string, secretId: string): string {
    const match = KEY_VAULT_SECRET_ID.exec(secretId);
    if (!match)
        return new ArgsValidator(owner).fail("secret file", "a Key Vault secret resource id (.../vaults/<vault>/secrets/<name>)", secretId);
    return `https://${match[1].toLowerCase()}.vault.azure.net/secrets/${match[2]}`;
}

/** Each secret file as the app's secret, volume and mount: one volume per file, so its directory holds only that file. */
function secretFileVolumes(files: readonly (SecretFile & { readonly container: string })[]) {
    return files.map((f, i) => ({ ...f, secretName: `secret-file-${i}`, volumeName: `secret-file-${i}` }));
}

function container(
    spec: ContainerSpec,
    mounts: readonly { readonly container: string; readonly path: string; readonly volumeName: string }[],
): pulumi.Output<azn.types.input.app.ContainerArgs> {
    const own = mounts.filter((m) => m.container === spec.name);
    return pulumi.output(spec.env ?? {}).apply((env) => ({
        name: spec.name,
        image: spec.image,
        command: spec.command,
        args: spec.args,
        env: Object.entries(env).map(([name, value]) => ({ name, value })),
        // Memory as Container Apps writes it, e.g. "0.5Gi".
        resources: { cpu: spec.cpu, memory: `${spec.memoryMb / 1024}Gi` },
        probes: spec.health && [
            { type: "Startup", httpGet: { port: spec.health.port, path: spec.health.path }, periodSeconds: 1, failureThreshold: 30 },
            { type: "Readiness", httpGet: { port: spec.health.port, path: spec.health.path }, periodSeconds: 5 },
        ],
        volumeMounts: own.length ? own.map((m) => ({ volumeName: m.volumeName, mountPath: posix.dirname(m.path) })) : undefined,
    }));
}

/**
 * A container app on the Consumption profile: its managed environment, whose logs go to a Log
 * Analytics workspace with retention (30-730 days), every container of the group in one
 * revision template, ingress (internal: the environment only; external: the internet, HTTPS)
 * on the main container's port, Dapr when asked, and secret files read from Key Vault as a
 * user-assigned identity that holds Key Vault Secrets User on those secrets alone (the vault
 * must use Azure RBAC). Container Apps starts the containers of a
 * revision together (no start order), so the main container must tolerate its sidecar's first
 * second. Children: `${name}-logs`, `-environment`, `-app` (and `-identity`, `-secret-reader-<n>`).
 */
export function createAzureContainerApp(name: string, args: AzureContainerAppArgs, opts: pulumi.CustomResourceOptions): AzureContainerApp {
    const owner = `${name} (Azure Container Apps)`;
    const check = new ArgsValidator(owner);
    for (const c of args.containers) {
        if (c.secretEnv?.length)
            check.refuse(`container '${c.name}' reads secrets as variables; Container Apps takes them as files (secretFiles)`);
        if (c.memoryMb !== c.cpu * 2048) check.fail(`container '${c.name}' memoryMb`, `2048 per vCPU (${c.cpu * 2048})`, c.memoryMb);
    }
    const { resourceGroupName, location, tags } = args;
    const main = mainContainer(args);
    const logWorkspace = new azn.operationalinsights.Workspace(
        `${name}-logs`,
        {
            // Log Analytics workspace: 4-63 letters, digits and hyphens (resource-name-rules, Microsoft.OperationalInsights).
            workspaceName: azureDnsName(`${name}-logs`, 63),
            resourceGroupName,
            location,
            sku: { name: azn.operationalinsights.WorkspaceSkuNameEnum.PerGB2018 },
            retentionInDays: workspaceRetentionDays(args.logRetentionDays),
            tags,
        },
        opts,
    );
    const sharedKeys = azn.operationalinsights.getSharedKeysOutput(
        { resourceGroupName, workspaceName: logWorkspace.name },
        { parent: opts.parent, provider: opts.provider },
    );
    const environment = new azn.app.ManagedEnvironment(
        `${name}-environment`,
        {
            resourceGroupName,
            location,
            appLogsConfiguration: {
                destination: "log-analytics",
                logAnalyticsConfiguration: {
                    customerId: logWorkspace.customerId,
                    sharedKey: pulumi.secret(sharedKeys.apply((k) => k.primarySharedKey ?? "")),
                },
            },
            tags,
        },
        opts,
    );
    const files = secretFileVolumes(args.containers.flatMap((c) => (c.secretFiles ?? []).map((f) => ({ ...f, container: c.name }))));
    const secretReader = files.length ? createSecretReader(name, args, files, opts) : undefined;
    const appName = azureContainerAppName(name);
    const app = new azn.app.ContainerApp(
        `${name}-app`,
        {
            containerAppName: appName,
            resourceGroupName,
            location,
            environmentId: environment.id,
            configuration: {
                activeRevisionsMode: "Single",
                ingress:
                    args.ingress === "none"
                        ? undefined
                        : { external: args.ingress === "external", targetPort: main.port, transport: "auto", allowInsecure: false },
                dapr: args.dapr ? { enabled: true, appId: appName, appPort: main.port, appProtocol: "http" } : undefined,
                secrets:
                    secretReader &&
                    files.map((f) => ({
                        name: f.secretName,
                        keyVaultUrl: keyVaultSecretUrl(owner, f.secret),
                        identity: secretReader.identity.id,
                    })),
            },
            identity: secretReader && { type: "UserAssigned", userAssignedIdentities: [secretReader.identity.id] },
            template: {
                containers: args.containers.map((c) => container(c, files)),
                volumes: files.length
                    ? files.map((f) => ({
                          name: f.volumeName,
                          storageType: "Secret",
                          secrets: [{ secretRef: f.secretName, path: posix.basename(f.path) }],
                      }))
                    : undefined,
                scale: { minReplicas: args.minInstances, maxReplicas: args.maxInstances },
            },
            tags,
        },
        // The revision resolves its Key Vault secrets as it starts: the identity must hold its roles first.
        secretReader ? pulumi.mergeOptions(opts, { dependsOn: secretReader.roleAssignments }) : opts,
    );
    const url =
        args.ingress === "none"
            ? pulumi.output("")
            : app.configuration.apply((c) => {
                  if (!c?.ingress?.fqdn) throw new Error(`${owner}: the container app has no ingress FQDN`);
                  return `https://${c.ingress.fqdn}`;
              });
    return { logWorkspace, environment, app, secretReader, serviceName: app.name, url };
}

/** A user-assigned identity (it exists before the app, unlike a system-assigned one) with Key Vault Secrets User on each named secret alone. */
function createSecretReader(
    name: string,
    args: AzureContainerAppArgs,
    files: readonly SecretFile[],
    opts: pulumi.CustomResourceOptions,
): NonNullable<AzureContainerApp["secretReader"]> {
    const identity = new azn.managedidentity.UserAssignedIdentity(
        `${name}-identity`,
        {
            // User-assigned identity: 3-128 letters, digits, hyphens and underscores, starting with a letter or digit (resource-name-rules, Microsoft.ManagedIdentity).
            resourceName: azureDnsName(`${name}-identity`, 128),
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            tags: args.tags,
        },
        opts,
    );
    const secrets = [...new Set(files.map((f) => f.secret))];
    const roleAssignments = secrets.map((secret, i) =>
        assignAzureRole(
            `${name}-secret-reader-${i}`,
            { principalId: identity.principalId, roleDefinitionGuid: AZURE_ROLES.keyVaultSecretsUser, scope: secret },
            opts,
        ),
    );
    return { identity, roleAssignments };
}
