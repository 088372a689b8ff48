/** Bad args and a Kubernetes stack: each refused before any resource exists, naming the field, the rule and the value. */
import { strict as assert } from "node:assert";
import { GatewayAggregation } from "../../components/gateway-aggregation";
import { PATTERNS } from "../../components/patterns";
import { evaluate } from "../../plan/mock-cloud";
import { ARGS, refusal, STACK_CONFIG } from "./deploy";

const app = ARGS.app;
const payments = { name: "payments", url: "https://api.payments.example.com" };

describe("Ambassador args: clear errors", () => {
    const cases: [string, string, unknown, RegExp][] = [
        [
            "no upstreams",
            "aws",
            { app, upstreams: [] },
            /Ambassador 'orders': upstreams must be a list of at least one upstream, .*got \[\]/,
        ],
        [
            "a duplicate local port",
            "gcp",
            {
                app,
                upstreams: [
                    { ...payments, localPort: 15001 },
                    { name: "ledger", url: "https://ledger.example.com", localPort: 15001 },
                ],
            },
            /upstreams\[1\]\.localPort 15001 is already taken by upstream 'payments'/,
        ],
        [
            "a port the app already uses",
            "azure",
            { app, upstreams: [{ ...payments, localPort: 8080 }] },
            /upstreams\[0\]\.localPort 8080 is already taken by app\.port/,
        ],
        [
            "the sidecar's admin port for the app",
            "kubernetes",
            { app: { ...app, port: 9901 }, upstreams: [payments] },
            /app\.port 9901 is the sidecar's admin endpoint/,
        ],
        [
            "an http:// upstream with TLS options",
            "aws",
            { app, upstreams: [{ name: "ledger", url: "http://ledger.internal", tls: { serverName: "ledger" } }] },
            /upstreams\[0\]\.tls must be absent for an http:\/\/ url \(TLS options need https:\/\/\)/,
        ],
        [
            "retries without a maximum",
            "gcp",
            { app, upstreams: [{ ...payments, retries: { perTryTimeoutMs: 100 } }] },
            /upstreams\[0\]\.retries\.maxAttempts must be an integer from 1 to 10 \(retries always have a maximum\), got undefined/,
        ],
        [
            "a 4xx among the retried failures",
            "aws",
            { app, upstreams: [{ ...payments, retries: { maxAttempts: 2, retryOn: ["retriable-4xx"] } }] },
            /retryOn must be a non-empty list of 5xx, gateway-error, reset, connect-failure, refused-stream \(transient failures only; a 4xx is never retried\), got \["retriable-4xx"\]/,
        ],
        [
            "a URL with a query",
            "aws",
            { app, upstreams: [{ name: "p", url: "https://x.example.com/?key=1" }] },
            /upstreams\[0\]\.url must be an absolute https:\/\//,
        ],
        ["a duplicate name", "aws", { app, upstreams: [payments, payments] }, /upstream name 'payments' is used twice/],
        [
            "external ingress on AWS without a certificate",
            "aws",
            { app, upstreams: [payments], ingress: "external" },
            /aws\.certificateArn must be an ACM certificate ARN with ingress 'external' \(the internet reaches the app over HTTPS only; 'internal' serves HTTP inside the VPC without one\), got undefined/,
        ],
        [
            "a health check path without its leading slash",
            "aws",
            { app, upstreams: [payments], ingress: "internal", aws: { healthCheckPath: "healthz" } },
            /aws\.healthCheckPath must be a path starting with '\/', at most 1024 printable characters, got "healthz"/,
        ],
        [
            "an Azure size off the 2 GiB per vCPU ratio",
            "azure",
            { app: { ...app, memoryMb: 1024 }, upstreams: [payments] },
            /app\.memoryMb must be 512 on Azure Container Apps/,
        ],
        [
            "a Key Vault secret URL where its resource id is needed (azure)",
            "azure",
            {
                app,
                upstreams: [{ ...payments, tls: { clientCertificateSecret: "https://acme-kv.vault.azure.net/secrets/payments-client" } }],
            },
            /upstreams\[0\]\.tls\.clientCertificateSecret must be the resource id of a Key Vault secret \(\/subscriptions\/\.\.\.\/providers\/Microsoft\.KeyVault\/vaults\/<vault>\/secrets\/<name>\) holding a PEM private key and certificate chain, got "https:/,
        ],
        [
            "a Secret Manager secret version where the secret is needed (gcp)",
            "gcp",
            {
                app,
                upstreams: [{ ...payments, tls: { clientCertificateSecret: "projects/acme-prod/secrets/payments-client/versions/3" } }],
            },
            /upstreams\[0\]\.tls\.clientCertificateSecret must be a Secret Manager secret \(projects\/<project>\/secrets\/<id>, or the id in the stack's project\)/,
        ],
        [
            "a Secrets Manager secret name where its ARN is needed (aws)",
            "aws",
            { app, upstreams: [{ ...payments, tls: { clientCertificateSecret: "payments-client" } }] },
            /upstreams\[0\]\.tls\.clientCertificateSecret must be a Secrets Manager secret ARN/,
        ],
        [
            "a timeout beyond the per-try timeout's bound",
            "aws",
            { app, upstreams: [{ ...payments, timeoutMs: 1000, retries: { maxAttempts: 2, perTryTimeoutMs: 5000 } }] },
            /perTryTimeoutMs must be an integer from 1 to 1000 \(at most the upstream's timeoutMs\), got 5000/,
        ],
    ];
    for (const [what, target, args, message] of cases) {
        it(`refuses ${what} (${target})`, async () => {
            const error = await refusal(target, args);
            assert.match(error.message, message);
            assert.match(error.message, /^Ambassador 'orders': /);
        });
    }

    it("refuses an unknown target, naming the four valid ones", async () => {
        const error = await refusal("aws", { ...ARGS, cloud: "nomad" });
        assert.match(error.message, /unknown cloud 'nomad' in the 'cloud' arg of Ambassador; valid values are aws, azure, gcp, kubernetes/);
    });
});

describe("a Kubernetes stack (cloud-patterns:cloud: kubernetes)", () => {
    it("is refused by GatewayAggregation with good args, which names the targets it runs on", async () => {
        await assert.rejects(
            evaluate(() => new GatewayAggregation("gw", { backends: [{ name: "a", url: "https://a.example.com" }] }), {
                config: STACK_CONFIG.kubernetes,
            }),
            /^Error: GatewayAggregation: 'kubernetes' in stack config 'cloud-patterns:cloud' is a target only the Ambassador deploys to; GatewayAggregation runs on aws, azure, gcp/,
        );
    });

    // Every registered pattern, so a new one is held to it too; empty args show the target is refused before any arg is read.
    for (const pattern of PATTERNS.filter((p) => p.className !== "Ambassador")) {
        it(`is refused by ${pattern.className}, from stack config and from its 'cloud' arg`, async () => {
            const refusedFor = (source: string) =>
                new RegExp(
                    `^Error: ${pattern.className}: 'kubernetes' in ${source} is a target only the Ambassador deploys to; ${pattern.className} runs on aws, azure, gcp`,
                );
            await assert.rejects(
                evaluate(() => pattern.create("x", {}), { config: STACK_CONFIG.kubernetes }),
                refusedFor("stack config 'cloud-patterns:cloud'"),
            );
            await assert.rejects(
                evaluate(() => pattern.create("x", { cloud: "kubernetes" }), { config: STACK_CONFIG.aws }),
                refusedFor(`the 'cloud' arg of ${pattern.className}`),
            );
        });
    }
});
