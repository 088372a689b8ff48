/**
 * The one rendering of the neutral sidecar policy (policy.ts) into an Envoy v3 bootstrap, shared
 * by every target. The document is the protobuf JSON mapping of `envoy.config.bootstrap.v3.Bootstrap`
 * (snake_case fields, durations as "1.5s"), which Envoy accepts as `--config-yaml` (YAML is a
 * superset of JSON) or as a `-c` file. Tests walk it against Envoy's own .proto definitions.
 */
import type { CircuitBreakerPolicy, RetryPolicy, SidecarPolicy, TlsPolicy, UpstreamPolicy } from "./policy";
import { SYSTEM_CA_BUNDLE } from "./policy";

/** A JSON document as Envoy reads it. */
export type EnvoyJson = { readonly [key: string]: EnvoyValue };
type EnvoyValue = string | number | boolean | null | EnvoyJson | readonly EnvoyValue[];

const TYPE = "type.googleapis.com/";
const HTTP_CONNECTION_MANAGER = `${TYPE}envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`;
const ROUTER = `${TYPE}envoy.extensions.filters.http.router.v3.Router`;
const STDOUT_ACCESS_LOG = `${TYPE}envoy.extensions.access_loggers.stream.v3.StdoutAccessLog`;
const UPSTREAM_TLS = `${TYPE}envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext`;
/** The cluster the health listener forwards `/ready` to. */
const ADMIN_CLUSTER = "envoy-admin";

/** A protobuf Duration in its JSON form. */
function duration(ms: number): string {
    return `${ms / 1000}s`;
}

function socketAddress(address: string, port: number): EnvoyJson {
    return { socket_address: { address, port_value: port } };
}

/** One access-log line per request, as JSON on stdout (the platform's log driver collects it). */
const ACCESS_LOG: EnvoyJson = {
    name: "envoy.access_loggers.stdout",
    typed_config: {
        "@type": STDOUT_ACCESS_LOG,
        log_format: {
            json_format: {
                start_time: "%START_TIME%",
                upstream: "%UPSTREAM_CLUSTER%",
                method: "%REQ(:METHOD)%",
                path: "%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%",
                status: "%RESPONSE_CODE%",
                flags: "%RESPONSE_FLAGS%",
                attempts: "%UPSTREAM_REQUEST_ATTEMPT_COUNT%",
                duration_ms: "%DURATION%",
                upstream_host: "%UPSTREAM_HOST%",
                request_id: "%REQ(X-REQUEST-ID)%",
            },
        },
    },
};

function httpConnectionManager(statPrefix: string, virtualHost: EnvoyJson, accessLog: boolean): EnvoyJson {
    return {
        name: "envoy.filters.network.http_connection_manager",
        typed_config: {
            "@type": HTTP_CONNECTION_MANAGER,
            stat_prefix: statPrefix,
            codec_type: "AUTO",
            ...(accessLog && { access_log: [ACCESS_LOG] }),
            route_config: { name: statPrefix, virtual_hosts: [virtualHost] },
            http_filters: [{ name: "envoy.filters.http.router", typed_config: { "@type": ROUTER } }],
        },
    };
}

/** Retries: only the transient conditions, a fixed number, jittered exponential back-off (Envoy's own: each wait is random up to the interval). */
function retryPolicy(retries: RetryPolicy): EnvoyJson {
    return {
        retry_on: retries.retryOn.join(","),
        num_retries: retries.maxAttempts - 1,
        per_try_timeout: duration(retries.perTryTimeoutMs),
        retry_back_off: { base_interval: duration(retries.baseBackoffMs), max_interval: duration(retries.maxBackoffMs) },
    };
}

function upstreamListener(upstream: UpstreamPolicy): EnvoyJson {
    const route: EnvoyJson = {
        cluster: upstream.name,
        timeout: duration(upstream.timeoutMs),
        // The upstream sees its own name, not "localhost:<port>": virtual hosting and SNI agree.
        host_rewrite_literal: upstream.host,
        ...(upstream.basePath !== "/" && { prefix_rewrite: upstream.basePath }),
        retry_policy: retryPolicy(upstream.retries),
    };
    return {
        name: upstream.name,
        address: socketAddress("127.0.0.1", upstream.localPort),
        filter_chains: [
            {
                filters: [
                    httpConnectionManager(
                        upstream.name,
                        { name: upstream.name, domains: ["*"], routes: [{ match: { prefix: "/" }, route }] },
                        true,
                    ),
                ],
            },
        ],
    };
}

/** Limits on the upstream and the retry budget, which (set) replaces the fixed `max_retries`. */
function circuitBreakers(breaker: CircuitBreakerPolicy, retries: RetryPolicy): EnvoyJson {
    return {
        thresholds: [
            {
                priority: "DEFAULT",
                max_connections: breaker.maxConnections,
                max_pending_requests: breaker.maxPendingRequests,
                max_requests: breaker.maxRequests,
                retry_budget: { budget_percent: { value: retries.budgetPercent }, min_retry_concurrency: retries.minRetryConcurrency },
            },
        ],
    };
}

function outlierDetection(breaker: CircuitBreakerPolicy): EnvoyJson {
    return {
        consecutive_5xx: breaker.consecutiveErrors,
        consecutive_gateway_failure: breaker.consecutiveErrors,
        interval: duration(breaker.intervalSeconds * 1000),
        base_ejection_time: duration(breaker.ejectionSeconds * 1000),
        max_ejection_percent: breaker.maxEjectionPercent,
    };
}

/** TLS 1.2+ to the upstream, SNI set, the certificate verified against the CAs and the server name. */
function upstreamTls(tls: TlsPolicy): EnvoyJson {
    const client = tls.clientCertificate;
    return {
        name: "envoy.transport_sockets.tls",
        typed_config: {
            "@type": UPSTREAM_TLS,
            sni: tls.serverName,
            common_tls_context: {
                tls_params: { tls_minimum_protocol_version: "TLSv1_2" },
                ...(client && {
                    tls_certificates: [
                        "pemFile" in client
                            ? { certificate_chain: { filename: client.pemFile }, private_key: { filename: client.pemFile } }
                            : {
                                  certificate_chain: { environment_variable: client.certificateVariable },
                                  private_key: { environment_variable: client.privateKeyVariable },
                              },
                    ],
                }),
                validation_context: {
                    trusted_ca: tls.caCertificates === undefined ? { filename: SYSTEM_CA_BUNDLE } : { inline_string: tls.caCertificates },
                    match_typed_subject_alt_names: [{ san_type: "DNS", matcher: { exact: tls.serverName } }],
                },
            },
        },
    };
}

function upstreamCluster(upstream: UpstreamPolicy): EnvoyJson {
    return {
        name: upstream.name,
        // One DNS name, connections to whichever address it resolves to: Envoy's type for external APIs.
        type: "LOGICAL_DNS",
        dns_lookup_family: "V4_PREFERRED",
        connect_timeout: duration(upstream.connectTimeoutMs),
        load_assignment: {
            cluster_name: upstream.name,
            endpoints: [{ lb_endpoints: [{ endpoint: { address: socketAddress(upstream.host, upstream.port) } }] }],
        },
        circuit_breakers: circuitBreakers(upstream.circuitBreaker, upstream.retries),
        outlier_detection: outlierDetection(upstream.circuitBreaker),
        ...(upstream.tls && { transport_socket: upstreamTls(upstream.tls) }),
    };
}

/** Answers `GET /ready` from the admin endpoint and nothing else, so probes need no access to admin. */
function healthListener(policy: SidecarPolicy): EnvoyJson {
    return {
        name: "health",
        address: socketAddress("0.0.0.0", policy.healthPort),
        filter_chains: [
            {
                filters: [
                    httpConnectionManager(
                        "health",
                        {
                            name: "health",
                            domains: ["*"],
                            routes: [
                                { match: { path: "/ready" }, route: { cluster: ADMIN_CLUSTER } },
                                { match: { prefix: "/" }, direct_response: { status: 404 } },
                            ],
                        },
                        false,
                    ),
                ],
            },
        ],
    };
}

function adminCluster(policy: SidecarPolicy): EnvoyJson {
    return {
        name: ADMIN_CLUSTER,
        type: "STATIC",
        connect_timeout: "0.25s",
        load_assignment: {
            cluster_name: ADMIN_CLUSTER,
            endpoints: [{ lb_endpoints: [{ endpoint: { address: socketAddress("127.0.0.1", policy.adminPort) } }] }],
        },
    };
}

/** The bootstrap: a listener and a cluster per upstream, the health listener, admin on 127.0.0.1 only. */
export function renderEnvoyBootstrap(policy: SidecarPolicy): EnvoyJson {
    return {
        node: { id: policy.serviceName, cluster: policy.serviceName },
        admin: { address: socketAddress("127.0.0.1", policy.adminPort) },
        static_resources: {
            listeners: [...policy.upstreams.map(upstreamListener), healthListener(policy)],
            clusters: [...policy.upstreams.map(upstreamCluster), adminCluster(policy)],
        },
    };
}

/** The bootstrap as Envoy's `--config-yaml` argument takes it: compact JSON. */
export function envoyBootstrapJson(policy: SidecarPolicy): string {
    return JSON.stringify(renderEnvoyBootstrap(policy));
}
