/**
 * Args of each component as a Python or YAML program sends them through the provider: plain JSON
 * (enums as their strings), so the same object can go to the TypeScript constructor and to construct().
 */
export const PROVIDER_ARGS: Record<string, Record<string, unknown>> = {
    GatewayAggregation: {
        backends: [
            { name: "users", url: "https://users.example.com/users/{id}" },
            { name: "orders", url: "https://orders.example.com/orders?customer={id}", timeoutMs: 2000, required: false },
        ],
        timeoutMs: 5000,
        tags: { team: "storefront" },
    },
    AntiCorruptionLayer: {
        legacy: { endpoint: "https://erp.internal/OrderService.asmx", namespace: "urn:legacy-orders", soapVersion: "1.2" },
        operations: {
            "GET /orders/{id}": { operation: "GetOrder", parameters: { OrderId: { source: "path.id" } } },
            "GET /orders": {
                operation: "ListOrders",
                result: "many",
                parameters: { Since: { source: "query.since", type: "date", format: "%Y%m%d", required: false } },
            },
        },
        mapping: {
            element: "OrderRecord",
            fields: { id: { from: "ORD_NUM", type: "string" }, total: { from: "TOT_AMT", type: "decimalFromCents" } },
        },
        auth: { mode: "jwt", issuer: "https://login.example.com/tenant-1/v2.0", audience: "api://orders" },
        tags: { team: "orders" },
    },
    Retry: {
        targetUrl: "https://payments.example.com/charge",
        maxAttempts: 4,
        idempotency: { keyField: "paymentId" },
        tags: { team: "payments" },
    },
    EventSourcing: {
        snapshotEvery: 50,
        retentionDays: 14,
        tags: { team: "ledger" },
    },
    Ambassador: {
        app: { image: "ghcr.io/acme/orders:1.4.2", port: 8080, env: { LOG_LEVEL: "info" } },
        upstreams: [
            {
                name: "payments",
                url: "https://api.payments.example.com/v2",
                timeoutMs: 10000,
                retries: { maxAttempts: 3, retryOn: ["5xx", "reset"] },
            },
            { name: "ledger", url: "http://ledger.internal:8081", localPort: 16000, circuitBreaker: { consecutiveErrors: 3 } },
        ],
        ingress: "internal",
        tags: { team: "orders" },
    },
    Sharding: {
        key: "orderId",
        strategy: "rendezvous",
        shards: [{ name: "big", weight: 2 }, { name: "small" }],
        tags: { team: "orders" },
    },
};

/** Stack config per cloud: the provider reads `cloud-patterns:cloud` like any program. */
export const CLOUD_CONFIG: Record<string, Record<string, string>> = {
    aws: { "cloud-patterns:cloud": "aws", "aws:region": "eu-west-1" },
    azure: { "cloud-patterns:cloud": "azure", "azure-native:location": "westeurope" },
    gcp: { "cloud-patterns:cloud": "gcp", "gcp:project": "cloud-patterns-dev", "gcp:region": "europe-west1" },
};
