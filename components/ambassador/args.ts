import * as pulumi from "@pulumi/pulumi";
import type { AmbassadorTarget } from "../cloud";

/** Failures the sidecar may retry: only transient ones (Envoy's `retry_on` names); a 4xx is never retried. */
export enum AmbassadorRetryOn {
    /** A 5xx answer, or no answer (reset, connect failure, timeout). */
    ServerError = "5xx",
    /** 502, 503 or 504. */
    GatewayError = "gateway-error",
    /** The upstream reset the connection or stream. */
    Reset = "reset",
    ConnectFailure = "connect-failure",
    /** An HTTP/2 upstream refused the stream (REFUSED_STREAM): safe to send again. */
    RefusedStream = "refused-stream",
}

/** Who can reach the app. */
export enum AmbassadorIngress {
    /** Nobody: the app only calls out. */
    None = "none",
    /** The target's private network (the Container Apps environment, Cloud Run internal traffic, the cluster). */
    Internal = "internal",
    /** The internet (on GCP, IAM still decides who may invoke the service). */
    External = "external",
}

/** The user's container, run unchanged beside the sidecar. */
export interface AmbassadorApp {
    /** Image reference, e.g. `ghcr.io/acme/orders:1.4.2` (pin a tag or digest). */
    readonly image: pulumi.Input<string>;
    /** The port the app listens on (its own ingress); must not be a port the sidecar takes. */
    readonly port: number;
    /**
     * vCPU for the app container. On Azure Container Apps a multiple of 0.25.
     * @default 0.25
     */
    readonly cpu?: number;
    /**
     * Memory for the app container in MB. On Azure Container Apps it must be 2048 per vCPU (the Consumption profile's ratio).
     * @default 512 (1024 x cpu x 2 on Azure)
     */
    readonly memoryMb?: number;
    /** Environment variables of the app container (plain configuration, never secrets). @default {} */
    readonly env?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Replaces the image's command. @default the image's own */
    readonly command?: string[];
}

/** How the sidecar retries one upstream. */
export interface AmbassadorRetries {
    /** Attempts in all, the first included; 1 turns retries off. Required: retries always have a maximum. */
    readonly maxAttempts: number;
    /** Time for one attempt in ms. @default the upstream's timeoutMs divided by maxAttempts */
    readonly perTryTimeoutMs?: number;
    /**
     * Which failures are retried; only transient ones may be named (never a 4xx).
     * @default ["5xx", "reset", "connect-failure", "refused-stream"]
     */
    readonly retryOn?: AmbassadorRetryOn[];
}

/** The breaker on one upstream. */
export interface AmbassadorCircuitBreaker {
    /** Connections to the upstream at once. @default 100 */
    readonly maxConnections?: number;
    /** Requests waiting for a connection at once; more fail fast with 503. @default 100 */
    readonly maxPendingRequests?: number;
    /** Consecutive 5xx answers that eject the upstream host. @default 5 */
    readonly consecutiveErrors?: number;
    /** How long an ejected host stays out, in seconds (longer each time it is ejected again). @default 30 */
    readonly ejectionSeconds?: number;
}

/** TLS the sidecar originates to an `https://` upstream. */
export interface AmbassadorTls {
    /** SNI and the name the upstream's certificate must carry. @default the URL's host */
    readonly serverName?: string;
    /** PEM CA certificates to trust instead of the system bundle (a private CA). @default the system CA bundle */
    readonly caCertificates?: string;
    /**
     * A client certificate for mutual TLS, held in the target's secret store: on AWS a Secrets
     * Manager secret ARN whose value is JSON `{ "certificate": PEM, "privateKey": PEM }`; on
     * Kubernetes the name of a `kubernetes.io/tls` Secret in the namespace.
     * @default none: no client certificate
     */
    readonly clientCertificateSecret?: string;
}

/** One external dependency the app reaches through the sidecar at `http://localhost:<localPort>`. */
export interface AmbassadorUpstream {
    /** Names the listener, cluster and log lines: lowercase letters, digits and `-`, starting with a letter. */
    readonly name: string;
    /** The real endpoint, `https://host[:port][/base/path]` (or `http://` on a private network). A plain value: it shapes the sidecar's configuration. */
    readonly url: string;
    /** The port the app calls on localhost. @default 15001, 15002, ... in order */
    readonly localPort?: number;
    /** The whole request's time in ms, retries included. @default 15000 */
    readonly timeoutMs?: number;
    /** @default { maxAttempts: 3 } with the transient conditions */
    readonly retries?: AmbassadorRetries;
    /** @default the defaults of each field */
    readonly circuitBreaker?: AmbassadorCircuitBreaker;
    /** Only for `https://` upstreams. @default TLS 1.2+ verified against the system CA bundle, SNI the URL's host */
    readonly tls?: AmbassadorTls;
}

/** AWS-only settings: where the Fargate tasks run. */
export interface AmbassadorAwsArgs {
    /** The VPC of `subnetIds`; required with them. @default the account's default VPC */
    readonly vpcId?: pulumi.Input<string>;
    /** Subnets for the tasks (private ones need a NAT gateway or VPC endpoints to pull images). @default the default VPC's subnets */
    readonly subnetIds?: pulumi.Input<string>[];
    /** Give each task a public IP (needed in subnets without a NAT gateway, such as the default VPC's). @default true without subnetIds, false with */
    readonly assignPublicIp?: boolean;
    /**
     * With ingress: an ACM certificate ARN for the load balancer's HTTPS listener (TLS 1.2+,
     * policy ELBSecurityPolicy-TLS13-1-2-2021-06; port 80 redirects to it). Required for
     * `external`; without one an `internal` load balancer serves plain HTTP on port 80 inside the VPC.
     * @default none
     */
    readonly certificateArn?: pulumi.Input<string>;
    /** With ingress: the app's path the load balancer's health check requests (a 200-399 answer is healthy). @default "/" */
    readonly healthCheckPath?: string;
    /**
     * With ingress: an existing S3 bucket for the load balancer's access logs, already carrying the
     * bucket policy that lets Elastic Load Balancing write to it (its principal differs per region).
     * @default none: no load balancer access logs
     */
    readonly accessLogsBucket?: pulumi.Input<string>;
}

/** Azure-only settings. */
export interface AmbassadorAzureArgs {
    /** Resource group to create everything in. @default a new resource group `${name}-rg` */
    readonly resourceGroupName?: pulumi.Input<string>;
    /** @default the provider's `azure-native:location` */
    readonly location?: pulumi.Input<string>;
}

/** GCP-only settings. */
export interface AmbassadorGcpArgs {
    /** Region of the Cloud Run service. @default the provider's `gcp:region` */
    readonly region?: pulumi.Input<string>;
    /** Enable the Google APIs the service needs (Cloud Run, IAM) in the project first; false where they are managed elsewhere. @default true */
    readonly enableApis?: boolean;
}

/** Kubernetes-only settings. The cluster is the one of the `kubernetes` provider in the component's resource options (`providers`), else the ambient kubeconfig. */
export interface AmbassadorKubernetesArgs {
    /** An existing namespace to deploy into. @default "default" */
    readonly namespace?: string;
}

/**
 * Args of {@link Ambassador}. Everything that shapes the sidecar (upstreams, ports, policies) is a
 * plain value, checked before any resource is declared; the image, environment and tags may be outputs.
 */
export interface AmbassadorArgs {
    /** The user's container. */
    readonly app: AmbassadorApp;
    /** The external dependencies the sidecar fronts; at least one, names and local ports unique. */
    readonly upstreams: AmbassadorUpstream[];
    /**
     * Who can reach the app. On AWS, `internal` or `external` puts an Application Load Balancer
     * in front of it (`external` needs `aws.certificateArn`).
     * @default "none"
     */
    readonly ingress?: AmbassadorIngress;
    /** Instances (tasks, replicas, pods) kept running. @default 1 */
    readonly minInstances?: number;
    /** Instances at most; above minInstances the target scales on CPU. @default 3 */
    readonly maxInstances?: number;
    /** Log retention in days (CloudWatch log group, Log Analytics workspace). @default 30 */
    readonly logRetentionDays?: number;
    /** Tags (labels on GCP and Kubernetes) on every child that takes them. @default {} */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Where to deploy: a cloud or `kubernetes`. @default stack config `cloud-patterns:cloud` */
    readonly cloud?: AmbassadorTarget;
    readonly aws?: AmbassadorAwsArgs;
    readonly azure?: AmbassadorAzureArgs;
    readonly gcp?: AmbassadorGcpArgs;
    readonly kubernetes?: AmbassadorKubernetesArgs;
}
