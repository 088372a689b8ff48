// A Pulumi program using the installed package: `npm install`, then
// `pulumi config set cloud-patterns:cloud aws` (or azure, gcp) and `pulumi up`.
import { GatewayAggregation, Retry } from "cloud-patterns";

const storefront = new GatewayAggregation("storefront", {
    route: "GET /storefront/{id}",
    backends: [
        { name: "users", url: "https://users.example.com/users/{id}" },
        { name: "orders", url: "https://orders.example.com/orders?customer={id}", timeoutMs: 2000 },
        { name: "recommendations", url: "https://recs.example.com/related/{id}", timeoutMs: 500, required: false },
    ],
    timeoutMs: 5000,
    tags: { team: "storefront" },
});

const payments = new Retry("payments", {
    targetUrl: "https://payments.example.com/charge",
    maxAttempts: 5,
    idempotency: { keyField: "paymentId" },
    tags: { team: "payments" },
});

export const storefrontUrl = storefront.url;
export const enqueueUrl = payments.enqueueUrl;
// Azure: the enqueue's function key, sent as x-functions-key (AWS and GCP callers sign with their own identity).
export const enqueueKey = payments.apiKey;
export const deadLetter = payments.deadLetterName;
