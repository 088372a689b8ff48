import { posix } from "node:path";
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { CLOUD_RUN_CPUS, cloudRunMemoryRangeMb } from "./cloud-run-sizes";
import { gcpRegion } from "./function-gcp";
import { gcpResourceId, gcpServiceAccountId } from "./naming";
import { gcpLabels } from "./tags";
import { ContainerServiceArgs, ContainerSpec, HostedContainerService, mainContainer } from "./container-types";
import { ArgsValidator } from "./validate";

export interface GcpCloudRunServiceArgs extends ContainerServiceArgs {
    /** @default stack config `gcp:region` */
    readonly region?: pulumi.Input<string>;
}

/** The children of one Cloud Run service. */
export interface GcpCloudRunService extends HostedContainerService {
    /** The identity the containers run as: no role until you grant one. */
    readonly serviceAccount: gcp.serviceaccount.Account;
    readonly service: gcp.cloudrunv2.Service;
    /** With secret files: secretAccessor for the service account on each secret alone. */
    readonly secretAccess: gcp.secretmanager.SecretIamMember[];
}

/** Each secret file as a volume of its own (Cloud Run mounts one volume per directory) and its mount on the container that reads it. */
function secretVolumes(containers: readonly ContainerSpec[]) {
    return containers.flatMap((c) => (c.secretFiles ?? []).map((f, i) => ({ ...f, container: c.name, volume: `${c.name}-secret-${i}` })));
}

/** Cloud Run service names: lowercase letters, digits and hyphens, starting with a letter, fewer than 50 characters (cloud.google.com/run/docs/reference/rest/v2/projects.locations.services). */
const SERVICE_NAME_MAX = 49;

function container(
    spec: ContainerSpec,
    volumes: ReturnType<typeof secretVolumes>,
): pulumi.Output<gcp.types.input.cloudrunv2.ServiceTemplateContainer> {
    const own = volumes.filter((v) => v.container === spec.name);
    return pulumi.output(spec.env ?? {}).apply((env) => ({
        name: spec.name,
        image: spec.image,
        commands: spec.command,
        args: spec.args,
        envs: Object.entries(env).map(([name, value]) => ({ name, value })),
        // Only the ingress container declares a port: Cloud Run sends it the traffic.
        ports: spec.port === undefined || spec.sidecar ? undefined : { containerPort: spec.port },
        resources: { limits: { cpu: String(spec.cpu), memory: `${spec.memoryMb}Mi` } },
        startupProbe: spec.health && { tcpSocket: { port: spec.health.port }, periodSeconds: 1, failureThreshold: 30, timeoutSeconds: 1 },
        dependsOns: spec.waitsFor && [...spec.waitsFor],
        volumeMounts: own.length ? own.map((v) => ({ name: v.volume, mountPath: posix.dirname(v.path) })) : undefined,
    }));
}

/**
 * A Cloud Run (v2) service running the containers in every instance: the first as the ingress
 * container, the others as sidecars it depends on (Cloud Run starts it after their startup
 * probes pass), its own service account with no role but secretAccessor on each secret a
 * container mounts (a Secret Manager volume per file), ingress internal-only unless `external`.
 * Nobody may invoke it until you grant `roles/run.invoker`. Children: `${name}-identity`, `-service` (and `-secret-access-<n>`).
 */
export function createGcpCloudRunService(
    name: string,
    args: GcpCloudRunServiceArgs,
    opts: pulumi.CustomResourceOptions,
): GcpCloudRunService {
    const owner = `${name} (Cloud Run)`;
    const check = new ArgsValidator(owner);
    const totalCpu = args.containers.reduce((sum, c) => sum + c.cpu, 0);
    const totalMemoryMb = args.containers.reduce((sum, c) => sum + c.memoryMb, 0);
    // Whole vCPUs only (cloud-run-sizes.ts): serving one request at a time per instance, which fractions need, is no default for a service.
    check.listed("the containers' total cpu", totalCpu, CLOUD_RUN_CPUS, "vCPU per instance; fractional totals need concurrency 1");
    check.integer(
        "the containers' total memoryMb",
        totalMemoryMb,
        cloudRunMemoryRangeMb(totalCpu),
        `Cloud Run's range at ${totalCpu} vCPU`,
    );
    for (const c of args.containers)
        if (c.secretEnv?.length)
            check.refuse(`container '${c.name}' reads secrets as variables; this building block mounts them as files (secretFiles)`);
    const region = gcpRegion(owner, args.region);
    const serviceAccount = new gcp.serviceaccount.Account(
        `${name}-identity`,
        {
            accountId: gcpServiceAccountId(name),
            displayName: `${name} service`,
            description: `Runs Cloud Run service ${name} (cloud-patterns)`,
        },
        opts,
    );
    const volumes = secretVolumes(args.containers);
    const secretAccess = [...new Set(volumes.map((v) => v.secret))].map(
        (secretId, i) =>
            new gcp.secretmanager.SecretIamMember(
                `${name}-secret-access-${i}`,
                { secretId, role: "roles/secretmanager.secretAccessor", member: serviceAccount.member },
                opts,
            ),
    );
    const service = new gcp.cloudrunv2.Service(
        `${name}-service`,
        {
            name: gcpResourceId(name, SERVICE_NAME_MAX),
            location: region,
            ingress: args.ingress === "external" ? "INGRESS_TRAFFIC_ALL" : "INGRESS_TRAFFIC_INTERNAL_ONLY",
            template: {
                serviceAccount: serviceAccount.email,
                containers: args.containers.map((c) => container(c, volumes)),
                volumes: volumes.length
                    ? volumes.map((v) => ({
                          name: v.volume,
                          // The latest version at each new revision: rotating the secret takes a deployment.
                          secret: { secret: v.secret, items: [{ version: "latest", path: posix.basename(v.path) }] },
                      }))
                    : undefined,
                scaling: { minInstanceCount: args.minInstances, maxInstanceCount: args.maxInstances },
            },
            labels: gcpLabels(args.tags),
        },
        // A revision that cannot read its secret volumes does not start.
        secretAccess.length ? pulumi.mergeOptions(opts, { dependsOn: secretAccess }) : opts,
    );
    const main = mainContainer(args);
    const url = args.ingress === "none" || main.port === undefined ? pulumi.output("") : service.uri;
    return { serviceAccount, service, secretAccess, serviceName: service.name, url };
}
