/**
 * The Envoy bootstrap rendered from the neutral policy. Every document is checked against
 * Envoy's own v3 API definitions (envoy-schema.ts): this checks the schema, not Envoy's runtime,
 * since no Envoy binary runs here. The assertions on top check what the policy means.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { renderEnvoyBootstrap, envoyBootstrapJson } from "../../components/ambassador/envoy-bootstrap";
import {
    ClientCertificateSource,
    RETRY_CONDITIONS,
    SidecarPolicy,
    SYSTEM_CA_BUNDLE,
    UpstreamPolicy,
} from "../../components/ambassador/policy";
import { AmbassadorRetryOn } from "../../components/ambassador/args";
import { resolveAmbassadorArgs } from "../../components/ambassador/resolve";
import { AmbassadorTarget } from "../../components/cloud";
import { schemaErrors } from "./envoy-schema";

const BOOTSTRAP = "envoy.config.bootstrap.v3.Bootstrap";

// The rendered JSON, read field by field.
type Json = any;

export const PAYMENTS: UpstreamPolicy = {
    name: "payments",
    host: "api.payments.example.com",
    port: 443,
    basePath: "/v2/",
    localPort: 15001,
    timeoutMs: 15000,
    connectTimeoutMs: 2000,
    retries: {
        maxAttempts: 3,
        perTryTimeoutMs: 5000,
        retryOn: ["5xx", "reset", "connect-failure", "refused-stream"],
        baseBackoffMs: 25,
        maxBackoffMs: 250,
        budgetPercent: 20,
        minRetryConcurrency: 3,
    },
    circuitBreaker: {
        maxConnections: 100,
        maxPendingRequests: 100,
        maxRequests: 1000,
        consecutiveErrors: 5,
        ejectionSeconds: 30,
        intervalSeconds: 10,
        maxEjectionPercent: 100,
    },
    tls: { serverName: "api.payments.example.com" },
};

const POLICY: SidecarPolicy = {
    serviceName: "orders",
    adminPort: 9901,
    healthPort: 9902,
    upstreams: [
        PAYMENTS,
        {
            ...PAYMENTS,
            name: "ledger",
            host: "ledger.internal",
            port: 8080,
            basePath: "/",
            localPort: 15002,
            tls: undefined,
        },
    ],
};

describe("Envoy bootstrap (components/ambassador/envoy-bootstrap.ts)", () => {
    const doc: Json = renderEnvoyBootstrap(POLICY);
    const listener = (name: string): Json => doc.static_resources.listeners.find((l: Json) => l.name === name);
    const cluster = (name: string): Json => doc.static_resources.clusters.find((c: Json) => c.name === name);
    const hcm = (name: string): Json => listener(name).filter_chains[0].filters[0].typed_config;
    const route = (name: string): Json => hcm(name).route_config.virtual_hosts[0].routes[0].route;

    it("fits Envoy's v3 Bootstrap message (schema only, not Envoy's runtime)", () => {
        assert.deepEqual(schemaErrors(BOOTSTRAP, doc), []);
    });

    it("listens for each upstream on 127.0.0.1:<localPort> only, and keeps admin on 127.0.0.1", () => {
        assert.deepEqual(listener("payments").address, { socket_address: { address: "127.0.0.1", port_value: 15001 } });
        assert.deepEqual(listener("ledger").address, { socket_address: { address: "127.0.0.1", port_value: 15002 } });
        assert.deepEqual(doc.admin.address, { socket_address: { address: "127.0.0.1", port_value: 9901 } });
    });

    it("answers only GET /ready on the health port, from the admin endpoint", () => {
        assert.deepEqual(listener("health").address, { socket_address: { address: "0.0.0.0", port_value: 9902 } });
        const routes = hcm("health").route_config.virtual_hosts[0].routes;
        assert.deepEqual(routes[0], { match: { path: "/ready" }, route: { cluster: "envoy-admin" } });
        assert.deepEqual(routes[1], { match: { prefix: "/" }, direct_response: { status: 404 } });
        assert.deepEqual(cluster("envoy-admin").load_assignment.endpoints[0].lb_endpoints[0].endpoint.address, {
            socket_address: { address: "127.0.0.1", port_value: 9901 },
        });
    });

    it("retries only transient failures, a bounded number of times, with back-off, within the request's timeout", () => {
        const r = route("payments");
        assert.equal(r.timeout, "15s");
        assert.equal(r.host_rewrite_literal, "api.payments.example.com");
        assert.equal(r.prefix_rewrite, "/v2/");
        assert.deepEqual(r.retry_policy, {
            retry_on: "5xx,reset,connect-failure,refused-stream",
            num_retries: 2,
            per_try_timeout: "5s",
            retry_back_off: { base_interval: "0.025s", max_interval: "0.25s" },
        });
        assert.equal(route("ledger").prefix_rewrite, undefined, "no base path, no rewrite");
    });

    it("puts a breaker, a retry budget and outlier detection on every upstream", () => {
        for (const name of ["payments", "ledger"]) {
            const c = cluster(name);
            assert.deepEqual(c.circuit_breakers.thresholds, [
                {
                    priority: "DEFAULT",
                    max_connections: 100,
                    max_pending_requests: 100,
                    max_requests: 1000,
                    retry_budget: { budget_percent: { value: 20 }, min_retry_concurrency: 3 },
                },
            ]);
            assert.deepEqual(c.outlier_detection, {
                consecutive_5xx: 5,
                consecutive_gateway_failure: 5,
                interval: "10s",
                base_ejection_time: "30s",
                max_ejection_percent: 100,
            });
        }
    });

    it("originates TLS 1.2+ with SNI and verifies the certificate against the system bundle and the name; plain http has none", () => {
        const tls = cluster("payments").transport_socket.typed_config;
        assert.equal(tls["@type"], "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext");
        assert.equal(tls.sni, "api.payments.example.com");
        assert.deepEqual(tls.common_tls_context.tls_params, { tls_minimum_protocol_version: "TLSv1_2" });
        assert.deepEqual(tls.common_tls_context.validation_context, {
            trusted_ca: { filename: SYSTEM_CA_BUNDLE },
            match_typed_subject_alt_names: [{ san_type: "DNS", matcher: { exact: "api.payments.example.com" } }],
        });
        assert.equal(cluster("ledger").transport_socket, undefined);
        assert.deepEqual(cluster("payments").load_assignment.endpoints[0].lb_endpoints[0].endpoint.address, {
            socket_address: { address: "api.payments.example.com", port_value: 443 },
        });
    });

    it("trusts given CAs instead, and presents a client certificate read from the sidecar's environment", () => {
        const policy: SidecarPolicy = {
            ...POLICY,
            upstreams: [
                {
                    ...PAYMENTS,
                    tls: {
                        serverName: "pay.internal",
                        caCertificates: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                        clientCertificate: { certificateVariable: "PAYMENTS_TLS_CERT", privateKeyVariable: "PAYMENTS_TLS_KEY" },
                    },
                },
            ],
        };
        const rendered: Json = renderEnvoyBootstrap(policy);
        assert.deepEqual(schemaErrors(BOOTSTRAP, rendered), []);
        const context = rendered.static_resources.clusters[0].transport_socket.typed_config.common_tls_context;
        assert.match(context.validation_context.trusted_ca.inline_string, /BEGIN CERTIFICATE/);
        assert.deepEqual(context.tls_certificates, [
            { certificate_chain: { environment_variable: "PAYMENTS_TLS_CERT" }, private_key: { environment_variable: "PAYMENTS_TLS_KEY" } },
        ]);
    });

    it("writes one JSON access-log line per request to stdout on upstream listeners", () => {
        const [log] = hcm("payments").access_log;
        assert.equal(log.typed_config["@type"], "type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog");
        assert.equal(log.typed_config.log_format.json_format.status, "%RESPONSE_CODE%");
        assert.equal(log.typed_config.log_format.json_format.attempts, "%UPSTREAM_REQUEST_ATTEMPT_COUNT%");
    });

    it("is compact JSON for --config-yaml", () => {
        const json = envoyBootstrapJson(POLICY);
        assert.deepEqual(JSON.parse(json), doc);
        assert.doesNotMatch(json, /\n/);
    });

    describe("the schema check itself fails on a broken document", () => {
        it("an unknown field, a wrong type, an @type naming no message", () => {
            const broken: Json = structuredClone(doc);
            broken.static_resources.clusters[0].retry_policy = {};
            broken.static_resources.listeners[0].address.socket_address.port_value = "15001x";
            broken.static_resources.listeners[0].filter_chains[0].filters[0].typed_config["@type"] = "type.googleapis.com/envoy.Nope";
            const errors = schemaErrors(BOOTSTRAP, broken);
            assert.equal(errors.length, 3, errors.join("\n"));
            assert.match(errors.join("\n"), /clusters\[0\]\.retry_policy: no such field/);
            assert.match(errors.join("\n"), /port_value: expected uint32/);
            assert.match(errors.join("\n"), /envoy\.Nope names no message/);
        });

        it("a number outside the API's bounds and two members of one oneof", () => {
            const broken: Json = structuredClone(doc);
            broken.static_resources.clusters[0].circuit_breakers.thresholds[0].retry_budget.budget_percent.value = 120;
            broken.static_resources.clusters[0].transport_socket.typed_config.common_tls_context.validation_context.trusted_ca.inline_string =
                "x";
            const errors = schemaErrors(BOOTSTRAP, broken).join("\n");
            assert.match(errors, /budget_percent\.value: 120 breaks the API's rule lte 100/);
            assert.match(errors, /trusted_ca\.inline_string: oneof specifier already set by filename/);
        });

        it("a missing required Duration, a Duration outside the API's bounds, an empty list the API needs filled", () => {
            const broken: Json = structuredClone(doc);
            const payments = broken.static_resources.listeners[0].filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0];
            delete payments.routes[0].route.retry_policy.retry_back_off.base_interval;
            payments.domains = [];
            broken.static_resources.clusters[0].connect_timeout = "0s";
            const errors = schemaErrors(BOOTSTRAP, broken);
            assert.equal(errors.length, 3, errors.join("\n"));
            assert.match(
                errors.join("\n"),
                /retry_back_off\.base_interval: required by envoy\.config\.route\.v3\.RetryPolicy\.RetryBackOff/,
            );
            assert.match(errors.join("\n"), /clusters\[0\]\.connect_timeout: 0s breaks the API's rule gt 0s/);
            assert.match(errors.join("\n"), /virtual_hosts\[0\]\.domains: at least 1 item\(s\) required/);
        });
    });
});

const upstreamName = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
const host = fc.domain();
const upstream = (localPort: number, name: string): fc.Arbitrary<UpstreamPolicy> =>
    fc
        .record({
            host,
            port: fc.integer({ min: 1, max: 65535 }),
            basePath: fc.constantFrom("/", "/v1/", "/api/v2/"),
            timeoutMs: fc.integer({ min: 1, max: 600_000 }),
            connectTimeoutMs: fc.integer({ min: 1, max: 60_000 }),
            maxAttempts: fc.integer({ min: 1, max: 10 }),
            perTryTimeoutMs: fc.integer({ min: 1, max: 600_000 }),
            retryOn: fc.subarray([...RETRY_CONDITIONS], { minLength: 1 }),
            baseBackoffMs: fc.integer({ min: 1, max: 1000 }),
            budgetPercent: fc.integer({ min: 0, max: 100 }),
            minRetryConcurrency: fc.integer({ min: 0, max: 100 }),
            maxConnections: fc.integer({ min: 1, max: 100_000 }),
            maxPendingRequests: fc.integer({ min: 1, max: 100_000 }),
            consecutiveErrors: fc.integer({ min: 1, max: 100 }),
            ejectionSeconds: fc.integer({ min: 1, max: 3600 }),
            maxEjectionPercent: fc.integer({ min: 0, max: 100 }),
            tls: fc.option(
                fc.record({
                    serverName: host,
                    caCertificates: fc.option(fc.constant("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"), {
                        nil: undefined,
                    }),
                    // Both sources: variables (AWS, Kubernetes) and a mounted PEM file (Azure, GCP).
                    clientCertificate: fc.option(
                        fc.oneof(
                            fc.constant<ClientCertificateSource>({ certificateVariable: "CERT", privateKeyVariable: "KEY" }),
                            fc.constant<ClientCertificateSource>({ pemFile: "/etc/ambassador/client-certificates/x/client.pem" }),
                        ),
                        {
                            nil: undefined,
                        },
                    ),
                }),
                { nil: undefined },
            ),
        })
        .map((u) => ({
            name,
            host: u.host,
            port: u.port,
            basePath: u.basePath,
            localPort,
            timeoutMs: u.timeoutMs,
            connectTimeoutMs: u.connectTimeoutMs,
            retries: {
                maxAttempts: u.maxAttempts,
                perTryTimeoutMs: u.perTryTimeoutMs,
                retryOn: u.retryOn,
                baseBackoffMs: u.baseBackoffMs,
                maxBackoffMs: u.baseBackoffMs * 10,
                budgetPercent: u.budgetPercent,
                minRetryConcurrency: u.minRetryConcurrency,
            },
            circuitBreaker: {
                maxConnections: u.maxConnections,
                maxPendingRequests: u.maxPendingRequests,
                maxRequests: u.maxConnections * 10,
                consecutiveErrors: u.consecutiveErrors,
                ejectionSeconds: u.ejectionSeconds,
                intervalSeconds: 10,
                maxEjectionPercent: u.maxEjectionPercent,
            },
            tls: u.tls && {
                serverName: u.tls.serverName,
                caCertificates: u.tls.caCertificates,
                clientCertificate: u.tls.clientCertificate,
            },
        }));

const policy: fc.Arbitrary<SidecarPolicy> = fc
    .uniqueArray(fc.tuple(upstreamName, fc.integer({ min: 1024, max: 65535 })), {
        minLength: 1,
        maxLength: 6,
        selector: ([name]) => name,
    })
    .filter(
        (pairs) =>
            new Set(pairs.map(([, port]) => port)).size === pairs.length && pairs.every(([, port]) => port !== 9901 && port !== 9902),
    )
    .chain((pairs) => fc.tuple(...pairs.map(([name, port]) => upstream(port, name))))
    .map((upstreams) => ({ serviceName: "svc", adminPort: 9901, healthPort: 9902, upstreams }));

describe("Envoy bootstrap, property: every policy renders a document that fits Envoy's v3 API (schema, not runtime)", () => {
    it("holds for 300 generated policies, each upstream with a bounded retry, a breaker and a localhost listener", () => {
        fc.assert(
            fc.property(policy, (p) => {
                const rendered: Json = renderEnvoyBootstrap(p);
                assert.deepEqual(schemaErrors(BOOTSTRAP, rendered), []);
                for (const u of p.upstreams) {
                    const l = rendered.static_resources.listeners.find((x: Json) => x.name === u.name);
                    const c = rendered.static_resources.clusters.find((x: Json) => x.name === u.name);
                    assert.equal(l.address.socket_address.address, "127.0.0.1");
                    const retry = l.filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0].routes[0].route.retry_policy;
                    assert.equal(retry.num_retries, u.retries.maxAttempts - 1);
                    assert.doesNotMatch(retry.retry_on, /4xx/);
                    assert.ok(c.circuit_breakers && c.outlier_detection);
                    assert.equal(c.transport_socket !== undefined, u.tls !== undefined);
                }
            }),
            { numRuns: 300 },
        );
    });
});

/** Upstream args as a user writes them; fields left out take the component's defaults. */
const upstreamArgs = fc.record({
    url: fc.tuple(fc.constantFrom("https", "http"), fc.domain(), fc.option(fc.integer({ min: 1, max: 65535 })), fc.constantFrom("", "/v2")),
    timeoutMs: fc.option(fc.integer({ min: 100, max: 600_000 }), { nil: undefined }),
    retries: fc.option(
        fc.record({
            maxAttempts: fc.integer({ min: 1, max: 10 }),
            retryOn: fc.subarray(Object.values(AmbassadorRetryOn), { minLength: 1 }),
        }),
        { nil: undefined },
    ),
    circuitBreaker: fc.option(
        fc.record({
            maxConnections: fc.integer({ min: 1, max: 100_000 }),
            maxPendingRequests: fc.integer({ min: 1, max: 100_000 }),
            consecutiveErrors: fc.integer({ min: 1, max: 1000 }),
            ejectionSeconds: fc.integer({ min: 1, max: 3600 }),
        }),
        { nil: undefined },
    ),
});

describe("Envoy bootstrap, property: args resolved as the component resolves them render a document that fits Envoy's v3 API (schema, not runtime)", () => {
    it("holds for 100 generated args on every target", () => {
        fc.assert(
            fc.property(
                fc.array(upstreamArgs, { minLength: 1, maxLength: 5 }),
                fc.constantFrom(...Object.values(AmbassadorTarget)),
                (given, target) => {
                    const upstreams = given.map(({ url: [scheme, host, port, path], ...rest }, i) => ({
                        ...rest,
                        name: `upstream-${i}`,
                        url: `${scheme}://${host}${port === null ? "" : `:${port}`}${path}`,
                    }));
                    const resolved = resolveAmbassadorArgs("orders", target, {
                        app: { image: "ghcr.io/acme/orders:1.4.2", port: 8080 },
                        upstreams,
                    });
                    assert.deepEqual(schemaErrors(BOOTSTRAP, JSON.parse(resolved.sidecar.bootstrap)), []);
                },
            ),
            { numRuns: 100 },
        );
    });
});
