/**
 * Ambassador args checked and completed once, for every target: the defaults live here and
 * nowhere else, and every error names the component, the field, the value and what is allowed.
 */
import * as pulumi from "@pulumi/pulumi";
import { AmbassadorTarget, Cloud } from "../cloud";
import type { ResolvedPatternArgs } from "../pattern-component";
import { checkLogRetentionDays, DEFAULT_LOG_RETENTION_DAYS } from "../platform/function-settings";
import { patternTags } from "../platform/tags";
import { ArgsValidator } from "../platform/validate";
import type { AmbassadorArgs, AmbassadorAwsArgs, AmbassadorAzureArgs, AmbassadorGcpArgs, AmbassadorUpstream } from "./args";
import { envoyBootstrapJson } from "./envoy-bootstrap";
import {
    DEFAULT_ADMIN_PORT,
    DEFAULT_HEALTH_PORT,
    DEFAULT_RETRY_ON,
    FIRST_LOCAL_PORT,
    RETRY_CONDITIONS,
    ClientCertificateSource,
    RetryCondition,
    SidecarPolicy,
    TlsPolicy,
    UpstreamPolicy,
} from "./policy";
import { SIDECAR_CPU, SIDECAR_MEMORY_MB } from "./sidecar";

export const PATTERN = "ambassador";
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_ATTEMPTS = 3;
const MAX_ATTEMPTS = 10;
const TIMEOUT_MS: readonly [number, number] = [100, 600_000];
const UPSTREAM_NAME = /^[a-z][a-z0-9-]{0,39}$/;
const PORTS: readonly [number, number] = [1, 65535];
/** A target group's health check path: '/' first, at most 1024 printable characters (ELB API, CreateTargetGroup HealthCheckPath). */
const HEALTH_CHECK_PATH = /^\/[\x21-\x7e]{0,1023}$/;
/** Local ports: unprivileged, since the sidecar runs as a non-root user. */
const LOCAL_PORTS: readonly [number, number] = [1024, 65535];

/** The user's container, defaults applied. */
export interface ResolvedApp {
    readonly image: pulumi.Input<string>;
    readonly port: number;
    readonly cpu: number;
    readonly memoryMb: number;
    /** The user's variables plus `AMBASSADOR_<UPSTREAM>_URL` for each upstream. */
    readonly env: pulumi.Output<Record<string, string>>;
    readonly command?: string[];
}

/** An upstream's client certificate: the secret it comes from and where the sidecar reads it. */
export interface ClientCertificateSecret {
    readonly upstream: string;
    /** The reference as given (Secrets Manager ARN, Key Vault secret id, Secret Manager secret, Kubernetes Secret name). */
    readonly secret: string;
    readonly source: ClientCertificateSource;
}

/** The sidecar, ready for a target's container hosting. */
export interface ResolvedSidecar {
    readonly cpu: number;
    readonly memoryMb: number;
    readonly policy: SidecarPolicy;
    /** The rendered bootstrap (compact JSON). */
    readonly bootstrap: string;
    readonly clientCertificates: readonly ClientCertificateSecret[];
}

/** What each target builds from. */
export interface ResolvedAmbassadorArgs extends ResolvedPatternArgs<
    AmbassadorAwsArgs,
    AmbassadorAzureArgs,
    AmbassadorGcpArgs & Required<Pick<AmbassadorGcpArgs, "enableApis">>
> {
    readonly target: AmbassadorTarget;
    readonly app: ResolvedApp;
    readonly sidecar: ResolvedSidecar;
    readonly ingress: "none" | "internal" | "external";
    readonly minInstances: number;
    readonly maxInstances: number;
    readonly logRetentionDays: number;
    readonly kubernetes: { readonly namespace: string };
}

/** `payments-api` -> `PAYMENTS_API`: the upstream's part of an environment variable's name. */
function variablePart(upstream: string): string {
    return upstream.toUpperCase().replace(/-/g, "_");
}

/** Checks `args` for `target` and applies the defaults; throws before any resource exists. */
export function resolveAmbassadorArgs(name: string, target: AmbassadorTarget, args: AmbassadorArgs): ResolvedAmbassadorArgs {
    const check = ArgsValidator.forComponent("Ambassador", name);
    if (args === undefined || args === null) check.refuse("args are required: { app: { image, port }, upstreams: [{ name, url }] }");
    const app = args.app;
    if (typeof app !== "object" || app === null) check.fail("app", "an object { image, port, cpu?, memoryMb?, env?, command? }", app);
    if (app.image === undefined || app.image === "")
        check.fail("app.image", "an image reference, e.g. 'ghcr.io/acme/orders:1.4.2'", app.image);
    const appPort = check.integer("app.port", app.port, PORTS);
    // On Cloud Run an instance's vCPU is whole (1 with the sidecar's 0.25), so the app takes the rest by default.
    const cpu = check.number("app.cpu", app.cpu ?? (target === AmbassadorTarget.Gcp ? 1 - SIDECAR_CPU : 0.25), [0.125, 16]);
    const memoryMb = resolveMemory(check, target, cpu, app.memoryMb);
    if (app.command !== undefined && (!Array.isArray(app.command) || app.command.some((c) => typeof c !== "string"))) {
        check.fail("app.command", "a list of strings", app.command);
    }

    const reserved = new Map<number, string>([
        [DEFAULT_ADMIN_PORT, "the sidecar's admin endpoint"],
        [DEFAULT_HEALTH_PORT, "the sidecar's health listener"],
    ]);
    if (reserved.has(appPort)) check.refuse(`app.port ${appPort} is ${reserved.get(appPort)}; pick another port for the app`);
    const upstreams = resolveUpstreams(check, target, args.upstreams, appPort, reserved);

    const ingress = check.oneOf("ingress", args.ingress ?? "none", ["none", "internal", "external"]);
    const minInstances = check.integer("minInstances", args.minInstances ?? 1, [target === AmbassadorTarget.Kubernetes ? 1 : 0, 1000]);
    const maxInstances = check.integer(
        "maxInstances",
        args.maxInstances ?? Math.max(3, minInstances),
        [Math.max(1, minInstances), 1000],
        "at least minInstances",
    );
    const retention = args.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    // On Kubernetes the cluster's log pipeline keeps the logs; the value is only checked to be sane.
    const logRetentionDays =
        target === AmbassadorTarget.Kubernetes
            ? check.integer("logRetentionDays", retention, [1, 3653])
            : checkLogRetentionDays(check, "logRetentionDays", retention, target as unknown as Cloud);
    const namespace = check.string("kubernetes.namespace", args.kubernetes?.namespace ?? "default", "a Kubernetes namespace name");
    if (target === AmbassadorTarget.Aws) checkAwsIngress(check, ingress, args.aws);
    if (target === AmbassadorTarget.Aws && args.aws?.subnetIds !== undefined && args.aws.vpcId === undefined) {
        check.refuse("aws.subnetIds needs aws.vpcId too (the security group is created in that VPC)");
    }

    const policy: SidecarPolicy = { serviceName: name, adminPort: DEFAULT_ADMIN_PORT, healthPort: DEFAULT_HEALTH_PORT, upstreams };
    const upstreamUrls = Object.fromEntries(
        upstreams.map((u) => [`AMBASSADOR_${variablePart(u.name)}_URL`, `http://localhost:${u.localPort}`]),
    );
    const env = pulumi.output(app.env ?? {}).apply((user) => ({ ...upstreamUrls, ...user }));
    const clientCertificates = (args.upstreams ?? []).flatMap((u, i): ClientCertificateSecret[] => {
        const secret = u.tls?.clientCertificateSecret;
        if (secret === undefined) return [];
        const source = upstreams[i].tls?.clientCertificate;
        return source ? [{ upstream: u.name, secret, source }] : [];
    });
    return {
        userModules: [],
        tags: patternTags(PATTERN, args.tags),
        target,
        app: { image: app.image, port: appPort, cpu, memoryMb, env, command: app.command },
        sidecar: {
            cpu: SIDECAR_CPU,
            memoryMb: target === AmbassadorTarget.Azure ? 512 : SIDECAR_MEMORY_MB,
            policy,
            bootstrap: envoyBootstrapJson(policy),
            clientCertificates,
        },
        ingress,
        minInstances,
        maxInstances,
        logRetentionDays,
        aws: { ...args.aws },
        azure: { ...args.azure },
        gcp: { ...args.gcp, enableApis: check.boolean("gcp.enableApis", args.gcp?.enableApis ?? true) },
        kubernetes: { namespace },
    };
}

/** The load balancer's settings: HTTPS to the internet only, a health check path AWS takes. */
function checkAwsIngress(check: ArgsValidator, ingress: string, aws: AmbassadorAwsArgs | undefined): void {
    if (ingress === "external" && aws?.certificateArn === undefined) {
        check.fail(
            "aws.certificateArn",
            "an ACM certificate ARN with ingress 'external' (the internet reaches the app over HTTPS only; 'internal' serves HTTP inside the VPC without one)",
            aws?.certificateArn,
        );
    }
    if (aws?.healthCheckPath !== undefined && !HEALTH_CHECK_PATH.test(aws.healthCheckPath))
        check.fail("aws.healthCheckPath", "a path starting with '/', at most 1024 printable characters", aws.healthCheckPath);
}

/** Container Apps (Consumption) allows only 2 GiB per vCPU in steps of 0.25 vCPU (learn.microsoft.com, "Containers in Azure Container Apps", allocations). */
function resolveMemory(check: ArgsValidator, target: AmbassadorTarget, cpu: number, memoryMb: number | undefined): number {
    if (target !== AmbassadorTarget.Azure) return check.integer("app.memoryMb", memoryMb ?? 512, [128, 32_768]);
    if (!Number.isInteger(cpu * 4)) check.fail("app.cpu", "a multiple of 0.25 on Azure Container Apps", cpu);
    const ratio = cpu * 2048;
    if (memoryMb !== undefined && memoryMb !== ratio) {
        check.fail("app.memoryMb", `${ratio} on Azure Container Apps (2048 MB per vCPU, app.cpu ${cpu})`, memoryMb);
    }
    return ratio;
}

function resolveUpstreams(
    check: ArgsValidator,
    target: AmbassadorTarget,
    given: AmbassadorUpstream[] | undefined,
    appPort: number,
    reserved: Map<number, string>,
): UpstreamPolicy[] {
    if (!Array.isArray(given) || given.length === 0) {
        check.fail(
            "upstreams",
            'a list of at least one upstream, e.g. [{ name: "payments", url: "https://api.payments.example.com" }]',
            given,
        );
    }
    const names = new Set<string>();
    const taken = new Map<number, string>([...reserved, [appPort, "app.port"]]);
    let nextPort = FIRST_LOCAL_PORT;
    return given.map((upstream, i) => {
        const field = `upstreams[${i}]`;
        if (typeof upstream !== "object" || upstream === null) check.fail(field, "an object { name, url, ... }", upstream);
        const { name } = upstream;
        if (typeof name !== "string" || !UPSTREAM_NAME.test(name)) {
            check.fail(`${field}.name`, "lowercase letters, digits and '-', starting with a letter (at most 40)", name);
        }
        if (names.has(name) || name === "health" || name === "envoy-admin") {
            check.refuse(`upstream name '${name}' is used twice or is the sidecar's own ('health', 'envoy-admin'); names must be unique`);
        }
        names.add(name);
        const url = parseUpstreamUrl(check, `${field}.url`, upstream.url);
        if (upstream.localPort === undefined) while (taken.has(nextPort)) nextPort++;
        const localPort = check.integer(
            `${field}.localPort`,
            upstream.localPort ?? nextPort,
            LOCAL_PORTS,
            "unprivileged: the sidecar does not run as root",
        );
        const holder = taken.get(localPort);
        if (holder !== undefined)
            check.refuse(`${field}.localPort ${localPort} is already taken by ${holder}; each upstream needs a port of its own`);
        taken.set(localPort, `upstream '${name}'`);
        const timeoutMs = check.integer(`${field}.timeoutMs`, upstream.timeoutMs ?? DEFAULT_TIMEOUT_MS, TIMEOUT_MS);
        if (url.protocol === "http:" && upstream.tls !== undefined) {
            check.fail(`${field}.tls`, `absent for an http:// url (TLS options need https://), url ${url.href}`, upstream.tls);
        }
        return {
            name,
            host: url.hostname,
            port: url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80,
            basePath: url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`,
            localPort,
            timeoutMs,
            connectTimeoutMs: Math.min(2000, timeoutMs),
            retries: resolveRetries(check, field, upstream, timeoutMs),
            circuitBreaker: resolveBreaker(check, field, upstream),
            tls: url.protocol === "https:" ? resolveTls(check, target, field, name, url.hostname, upstream) : undefined,
        };
    });
}

function parseUpstreamUrl(check: ArgsValidator, field: string, value: unknown): URL {
    const rule = "an absolute https:// (or http://) URL without credentials, query or fragment, e.g. 'https://api.payments.example.com/v2'";
    if (typeof value !== "string") return check.fail(field, `${rule} (a plain string: it shapes the sidecar's configuration)`, value);
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return check.fail(field, rule, value);
    }
    if ((url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password || url.search || url.hash)
        check.fail(field, rule, value);
    return url;
}

function resolveRetries(check: ArgsValidator, field: string, upstream: AmbassadorUpstream, timeoutMs: number): UpstreamPolicy["retries"] {
    const given = upstream.retries;
    if (given !== undefined && (typeof given !== "object" || given === null || given.maxAttempts === undefined)) {
        check.fail(
            `${field}.retries.maxAttempts`,
            `an integer from 1 to ${MAX_ATTEMPTS} (retries always have a maximum)`,
            given?.maxAttempts,
        );
    }
    const maxAttempts = check.integer(`${field}.retries.maxAttempts`, given?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, [1, MAX_ATTEMPTS]);
    const perTryTimeoutMs = check.integer(
        `${field}.retries.perTryTimeoutMs`,
        given?.perTryTimeoutMs ?? Math.ceil(timeoutMs / maxAttempts),
        [1, timeoutMs],
        "at most the upstream's timeoutMs",
    );
    const retryOn = given?.retryOn ?? [...DEFAULT_RETRY_ON];
    if (!Array.isArray(retryOn) || retryOn.length === 0 || retryOn.some((c) => !RETRY_CONDITIONS.includes(c as RetryCondition))) {
        check.fail(
            `${field}.retries.retryOn`,
            `a non-empty list of ${RETRY_CONDITIONS.join(", ")} (transient failures only; a 4xx is never retried)`,
            retryOn,
        );
    }
    return {
        maxAttempts,
        perTryTimeoutMs,
        retryOn: [...new Set(retryOn)],
        // Envoy's defaults: 25 ms doubling to at most 10 x, each wait random in [0, interval).
        baseBackoffMs: 25,
        maxBackoffMs: 250,
        // Envoy's retry budget defaults (circuit_breaker.proto): 20 % of active requests, 3 at least.
        budgetPercent: 20,
        minRetryConcurrency: 3,
    };
}

function resolveBreaker(check: ArgsValidator, field: string, upstream: AmbassadorUpstream): UpstreamPolicy["circuitBreaker"] {
    const given = upstream.circuitBreaker ?? {};
    const at = `${field}.circuitBreaker`;
    return {
        maxConnections: check.integer(`${at}.maxConnections`, given.maxConnections ?? 100, [1, 100_000]),
        maxPendingRequests: check.integer(`${at}.maxPendingRequests`, given.maxPendingRequests ?? 100, [1, 100_000]),
        maxRequests: 1024,
        consecutiveErrors: check.integer(`${at}.consecutiveErrors`, given.consecutiveErrors ?? 5, [1, 1000]),
        ejectionSeconds: check.integer(`${at}.ejectionSeconds`, given.ejectionSeconds ?? 30, [1, 3600]),
        intervalSeconds: 10,
        // One host behind a DNS name: it must be ejectable, or the breaker never opens.
        maxEjectionPercent: 100,
    };
}

function resolveTls(
    check: ArgsValidator,
    target: AmbassadorTarget,
    field: string,
    name: string,
    host: string,
    upstream: AmbassadorUpstream,
): TlsPolicy {
    const tls = upstream.tls ?? {};
    const serverName = tls.serverName === undefined ? host : check.string(`${field}.tls.serverName`, tls.serverName, "a DNS name");
    if (
        tls.caCertificates !== undefined &&
        (typeof tls.caCertificates !== "string" || !tls.caCertificates.includes("-----BEGIN CERTIFICATE-----"))
    ) {
        check.fail(`${field}.tls.caCertificates`, "PEM certificates ('-----BEGIN CERTIFICATE-----...')", tls.caCertificates);
    }
    const secret = tls.clientCertificateSecret;
    if (secret !== undefined) {
        const [pattern, rule] = CLIENT_CERTIFICATE_SECRETS[target];
        if (typeof secret !== "string" || !pattern.test(secret)) check.fail(`${field}.tls.clientCertificateSecret`, rule, secret);
    }
    return {
        serverName,
        caCertificates: tls.caCertificates,
        clientCertificate: secret === undefined ? undefined : clientCertificateSource(target, name),
    };
}

/** Where the sidecar mounts a PEM client certificate on the targets that read it from a file. */
export const CLIENT_CERTIFICATE_DIRECTORY = "/etc/ambassador/client-certificates";

/** Environment variables where the secret store fills them (ECS secrets, Kubernetes secretKeyRef); a mounted PEM file elsewhere. */
function clientCertificateSource(target: AmbassadorTarget, upstream: string): ClientCertificateSource {
    if (target === AmbassadorTarget.Azure || target === AmbassadorTarget.Gcp)
        return { pemFile: `${CLIENT_CERTIFICATE_DIRECTORY}/${upstream}/client.pem` };
    const variable = `AMBASSADOR_${variablePart(upstream)}_CLIENT`;
    return { certificateVariable: `${variable}_CERT`, privateKeyVariable: `${variable}_KEY` };
}

/** What `clientCertificateSecret` names on each target, and the rule in words. */
const CLIENT_CERTIFICATE_SECRETS: Record<AmbassadorTarget, readonly [RegExp, string]> = {
    aws: [
        /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/,
        "a Secrets Manager secret ARN whose value is JSON { certificate, privateKey } (PEM)",
    ],
    // Key Vault names: 3-24 letters, digits and hyphens; secret names 1-127 (resource-name-rules, Microsoft.KeyVault).
    azure: [
        /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.KeyVault\/vaults\/[A-Za-z0-9-]{3,24}\/secrets\/[A-Za-z0-9-]{1,127}$/i,
        "the resource id of a Key Vault secret (/subscriptions/.../providers/Microsoft.KeyVault/vaults/<vault>/secrets/<name>) holding a PEM private key and certificate chain",
    ],
    // Secret Manager secret ids: 1-255 letters, digits, '-' and '_' (cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets/create).
    gcp: [
        /^(projects\/[a-z0-9-]{4,30}\/secrets\/)?[A-Za-z0-9_-]{1,255}$/,
        "a Secret Manager secret (projects/<project>/secrets/<id>, or the id in the stack's project) holding a PEM private key and certificate chain",
    ],
    // A Secret's name is a DNS subdomain: kubernetes.io, "Object Names and IDs".
    kubernetes: [
        /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
        "the name of a kubernetes.io/tls Secret in the namespace",
    ],
};
