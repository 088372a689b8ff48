/**
 * The contract between a container pattern and the container hosting building blocks
 * (`container-aws.ts` ECS Fargate, `container-azure.ts` Container Apps, `container-gcp.ts` Cloud
 * Run, `container-kubernetes.ts` a Deployment): one neutral description of a group of containers
 * that run and scale together. Loads no cloud SDK.
 */
import type * as pulumi from "@pulumi/pulumi";

/** A variable filled from the target's secret store; only the sidecar or app that names it sees it. */
export interface SecretVariable {
    readonly name: string;
    /** Secrets Manager ARN (AWS), Secret name (Kubernetes). */
    readonly secret: string;
    /** The key inside the secret: a JSON key (AWS), a data key (Kubernetes). */
    readonly key: string;
}

/** A secret mounted as one read-only file; only the container that names it mounts it. */
export interface SecretFile {
    /** Key Vault secret resource id (Azure), Secret Manager secret (GCP). */
    readonly secret: string;
    /** Absolute path of the file; its directory holds nothing else. */
    readonly path: string;
}

/** How the platform tells that a container is up: an HTTP GET on one of its ports, or a command inside it (ECS). */
export interface ContainerHealth {
    readonly port: number;
    readonly path: string;
    /** The same check as a command run inside the container (argv, exec form), for targets that probe that way (ECS). */
    readonly command: readonly string[];
}

/** One container of the group. */
export interface ContainerSpec {
    /** Unique within the group; others name it in `waitsFor`. */
    readonly name: string;
    readonly image: pulumi.Input<string>;
    readonly cpu: number;
    readonly memoryMb: number;
    /** The port it serves: the ingress container's receives the traffic. */
    readonly port?: number;
    /** Replaces the image's command (entrypoint on Kubernetes, `command` on ECS). */
    readonly command?: string[];
    /** Arguments to the image's entrypoint. */
    readonly args?: pulumi.Input<string>[];
    readonly env?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    readonly secretEnv?: readonly SecretVariable[];
    readonly secretFiles?: readonly SecretFile[];
    readonly health?: ContainerHealth;
    /** Containers that must be healthy (started, for Cloud Run and Kubernetes sidecars) before this one starts. */
    readonly waitsFor?: readonly string[];
    /** Runs beside the main container for the pod's whole life (a Kubernetes native sidecar). */
    readonly sidecar?: boolean;
    /** The non-root user the image runs as. @default the image's own */
    readonly runAsUser?: number;
}

/** Args every target's container hosting takes. */
export interface ContainerServiceArgs {
    /** The main (ingress) container first, then its sidecars. */
    readonly containers: readonly ContainerSpec[];
    /** Who can reach the main container's port. */
    readonly ingress: "none" | "internal" | "external";
    readonly minInstances: number;
    readonly maxInstances: number;
    readonly logRetentionDays: number;
    readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** What every target's container hosting gives. */
export interface HostedContainerService {
    /** The target's name of the service. */
    readonly serviceName: pulumi.Output<string>;
    /** The main container's endpoint, "" without ingress. */
    readonly url: pulumi.Output<string>;
}

/** The one container that takes traffic: the first. */
export function mainContainer(args: ContainerServiceArgs): ContainerSpec {
    return args.containers[0];
}
