/**
 * The sidecar's neutral policy: what the Ambassador does for each upstream, whatever the target.
 * Resolved once from the args (resolve.ts) and rendered once into an Envoy bootstrap
 * (envoy-bootstrap.ts). Pure data: nothing here loads Pulumi or a cloud SDK.
 */

/**
 * Failures a retry may answer: only transient ones (Envoy's `retry_on` conditions,
 * router filter docs, "x-envoy-retry-on"). A 4xx is never among them: the request was wrong and
 * sending it again cannot help.
 */
export const RETRY_CONDITIONS = ["5xx", "gateway-error", "reset", "connect-failure", "refused-stream"] as const;
export type RetryCondition = (typeof RETRY_CONDITIONS)[number];

/** The conditions retried when the args name none: every transient failure. */
export const DEFAULT_RETRY_ON: readonly RetryCondition[] = ["5xx", "reset", "connect-failure", "refused-stream"];

/** How the sidecar retries one upstream. */
export interface RetryPolicy {
    /** Attempts in all, the first included: always bounded. */
    readonly maxAttempts: number;
    /** Time allowed for one attempt. */
    readonly perTryTimeoutMs: number;
    readonly retryOn: readonly RetryCondition[];
    /** First back-off interval; Envoy doubles it per retry up to `maxBackoffMs`, each wait jittered between 0 and the interval. */
    readonly baseBackoffMs: number;
    readonly maxBackoffMs: number;
    /** Retries in flight may be at most this share of active requests (Envoy retry budget), so retries cannot pile onto an upstream in trouble. */
    readonly budgetPercent: number;
    /** Retries allowed at once whatever the budget, so a quiet service can still retry. */
    readonly minRetryConcurrency: number;
}

/** The breaker on one upstream: connection limits and outlier ejection. */
export interface CircuitBreakerPolicy {
    readonly maxConnections: number;
    readonly maxPendingRequests: number;
    readonly maxRequests: number;
    /** Consecutive 5xx (or gateway failures) that eject the host. */
    readonly consecutiveErrors: number;
    /** Base time a host stays ejected (Envoy multiplies it by the times it was ejected). */
    readonly ejectionSeconds: number;
    /** How often ejections are evaluated. */
    readonly intervalSeconds: number;
    readonly maxEjectionPercent: number;
}

/**
 * A client certificate for mutual TLS, where Envoy reads it: two environment variables of its
 * container (AWS, Kubernetes), or one mounted PEM file holding the private key and the
 * certificate chain (Azure, GCP), which Envoy reads for both (its PEM readers skip the other
 * block type).
 */
export type ClientCertificateSource =
    | {
          /** Variable holding the PEM certificate chain. */
          readonly certificateVariable: string;
          /** Variable holding the PEM private key. */
          readonly privateKeyVariable: string;
      }
    | {
          /** Path of the mounted PEM file, key and chain. */
          readonly pemFile: string;
      };

/** TLS the sidecar originates to the real upstream, verified. */
export interface TlsPolicy {
    /** SNI and the name the certificate must carry. */
    readonly serverName: string;
    /** PEM CAs to trust instead of the image's system bundle. */
    readonly caCertificates?: string;
    readonly clientCertificate?: ClientCertificateSource;
}

/** One upstream the app reaches at `http://localhost:<localPort>`. */
export interface UpstreamPolicy {
    /** Listener and cluster name (also the stat prefix). */
    readonly name: string;
    readonly host: string;
    readonly port: number;
    /** The upstream URL's path, prefixed to every request ("/" when it has none). */
    readonly basePath: string;
    readonly localPort: number;
    /** The whole request's time, retries included. */
    readonly timeoutMs: number;
    readonly connectTimeoutMs: number;
    readonly retries: RetryPolicy;
    readonly circuitBreaker: CircuitBreakerPolicy;
    /** Absent for an `http://` upstream. */
    readonly tls?: TlsPolicy;
}

/** The whole sidecar. */
export interface SidecarPolicy {
    /** Names the Envoy node (the service it serves). */
    readonly serviceName: string;
    readonly upstreams: readonly UpstreamPolicy[];
    /** The admin endpoint, on 127.0.0.1 only. */
    readonly adminPort: number;
    /** A listener on every interface that answers only `GET /ready` (from the admin endpoint), for the platform's probes. */
    readonly healthPort: number;
}

/** Where the sidecar's ports live by default; an app or upstream may not take them. */
export const DEFAULT_ADMIN_PORT = 9901;
export const DEFAULT_HEALTH_PORT = 9902;
/** Local ports handed to upstreams without one: 15001, 15002, ... */
export const FIRST_LOCAL_PORT = 15001;

/** The trust store of the Envoy image (Ubuntu's ca-certificates), used when no CAs are given. */
export const SYSTEM_CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";
