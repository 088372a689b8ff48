import * as azn from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import { workspaceRetentionDays } from "./function-azure";
import { azureContainerAppName, azureDnsName } from "./naming";
import { ContainerServiceArgs, ContainerSpec, HostedContainerService, mainContainer } from "./container-types";
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
}

function container(spec: ContainerSpec): pulumi.Output<azn.types.input.app.ContainerArgs> {
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
    }));
}

/**
 * A container app on the Consumption profile: its managed environment, whose logs go to a Log
 * Analytics workspace with retention (30-730 days), every container of the group in one
 * revision template, ingress (internal: the environment only; external: the internet, HTTPS)
 * on the main container's port, and Dapr when asked. Container Apps starts the containers of a
 * revision together (no start order), so the main container must tolerate its sidecar's first
 * second. Children: `${name}-logs`, `-environment`, `-app`.
 */
export function createAzureContainerApp(name: string, args: AzureContainerAppArgs, opts: pulumi.CustomResourceOptions): AzureContainerApp {
    const owner = `${name} (Azure Container Apps)`;
    const check = new ArgsValidator(owner);
    for (const c of args.containers) {
        if (c.secretEnv?.length) check.refuse(`container '${c.name}' reads secrets, which this building block does not map yet`);
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
            },
            template: {
                containers: args.containers.map(container),
                scale: { minReplicas: args.minInstances, maxReplicas: args.maxInstances },
            },
            tags,
        },
        opts,
    );
    const url =
        args.ingress === "none"
            ? pulumi.output("")
            : app.configuration.apply((c) => {
                  if (!c?.ingress?.fqdn) throw new Error(`${owner}: the container app has no ingress FQDN`);
                  return `https://${c.ingress.fqdn}`;
              });
    return { logWorkspace, environment, app, serviceName: app.name, url };
}
