/**
 * The secret readers, each over its service's API with no SDK: AWS over Secrets Manager's JSON
 * protocol, Azure and GCP over Key Vault's and Secret Manager's REST APIs. Each talks HTTP to a stand-in server on 127.0.0.1 speaking the
 * service's wire protocol (Secrets Manager JSON 1.1; Key Vault's and Secret Manager's published REST
 * APIs, with recorded answers, and the token endpoints of the Functions host and the metadata server).
 */
import { strict as assert } from "node:assert";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readAwsSecret } from "../../handlers/secrets/aws";
import { AwsServiceError } from "../../handlers/stores/clients/aws-json";
import { KEY_VAULT_SCOPE, readAzureSecret } from "../../handlers/secrets/azure";
import { managedIdentityToken } from "../../handlers/azure-managed-identity";
import { bearerFetch } from "../../handlers/stores/clients/bearer-fetch";
import { readGcpSecret } from "../../handlers/secrets/gcp";
import { metadataServerToken } from "../../handlers/gcp-metadata-token";
import { cachedSecret, describeSecret, secretStore } from "../../handlers/secrets";
import { awsSecretStore } from "../../handlers/secrets/aws";
import { readSecretReference } from "../../handlers/secrets/reference";
import { ConfigReader } from "../../handlers/config";

interface Seen {
    method: string;
    url: string;
    headers: IncomingHttpHeaders;
    body: string;
}

async function standIn(
    answer: (seen: Seen) => { status: number; contentType: string; body: string },
): Promise<{ url: string; port: number; seen: Seen[]; server: Server }> {
    const seen: Seen[] = [];
    const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            const s = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() };
            seen.push(s);
            const a = answer(s);
            res.writeHead(a.status, { "content-type": a.contentType }).end(a.body);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    return { url: `http://127.0.0.1:${port}`, port, seen, server };
}

const CREDENTIALS = '{"username":"acl-svc","password":"p@ss"}';

describe("secret readers (Secrets Manager's JSON protocol; Key Vault and Secret Manager over REST)", () => {
    it("AWS: GetSecretValue over Secrets Manager's JSON 1.1 protocol, SecretString or SecretBinary", async () => {
        const arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-acl-legacy-AbCdEf";
        let binary = false;
        const peer = await standIn(() => ({
            status: 200,
            contentType: "application/x-amz-json-1.1",
            body: JSON.stringify(
                binary
                    ? { ARN: arn, Name: "orders-acl-legacy", SecretBinary: Buffer.from(CREDENTIALS).toString("base64") }
                    : { ARN: arn, Name: "orders-acl-legacy", SecretString: CREDENTIALS, VersionId: "v1", VersionStages: ["AWSCURRENT"] },
            ),
        }));
        try {
            const client = { endpoint: peer.url, region: "us-east-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" } };
            assert.equal(await readAwsSecret(arn, client), CREDENTIALS);
            assert.equal(peer.seen[0].headers["x-amz-target"], "secretsmanager.GetSecretValue");
            assert.equal(peer.seen[0].headers["content-type"], "application/x-amz-json-1.1");
            assert.match(String(peer.seen[0].headers.authorization), /\/us-east-1\/secretsmanager\/aws4_request, /);
            assert.deepEqual(JSON.parse(peer.seen[0].body), { SecretId: arn });
            binary = true;
            assert.equal(await readAwsSecret(arn, client), CREDENTIALS);
        } finally {
            peer.server.close();
        }
    });

    it("AWS: an access-denied answer surfaces as an error, not retried", async () => {
        const peer = await standIn(() => ({
            status: 400,
            contentType: "application/x-amz-json-1.1",
            body: JSON.stringify({ __type: "AccessDeniedException", message: "not authorized to perform secretsmanager:GetSecretValue" }),
        }));
        try {
            const client = { endpoint: peer.url, region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } };
            await assert.rejects(
                readAwsSecret("other-secret", client),
                (err: Error) =>
                    err instanceof AwsServiceError && err.code === "AccessDeniedException" && /not authorized to perform/.test(err.message),
            );
            assert.equal(peer.seen.length, 1);
        } finally {
            peer.server.close();
        }
    });

    it("Azure: GET secrets/{name} over Key Vault's REST API with the identity endpoint's token (recorded responses)", async () => {
        const bundle = JSON.stringify({
            value: CREDENTIALS,
            id: "https://orders-acl-kv.vault.azure.net/secrets/legacy-credentials/6f2a0c7c1e4b4f0e9d1b2a3c4d5e6f70",
            attributes: { enabled: true, created: 1706659200, updated: 1706659200, recoveryLevel: "Recoverable+Purgeable" },
        });
        const peer = await standIn((s) => {
            if (s.url.startsWith("/msi/token?")) {
                return s.headers["x-identity-header"] === "host-secret"
                    ? {
                          status: 200,
                          contentType: "application/json",
                          body: JSON.stringify({
                              access_token: "mi-token",
                              expires_on: "4102444800",
                              resource: "https://vault.azure.net",
                              token_type: "Bearer",
                          }),
                      }
                    : { status: 400, contentType: "application/json", body: "{}" };
            }
            return s.headers.authorization === "Bearer mi-token"
                ? { status: 200, contentType: "application/json; charset=utf-8", body: bundle }
                : {
                      status: 401,
                      contentType: "application/json",
                      body: '{"error":{"code":"Unauthorized","message":"AKV10000: Request is missing a Bearer or PoP token."}}',
                  };
        });
        try {
            const token = managedIdentityToken(KEY_VAULT_SCOPE, {
                env: { IDENTITY_ENDPOINT: `${peer.url}/msi/token`, IDENTITY_HEADER: "host-secret" },
            });
            const value = await readAzureSecret(`${peer.url}/`, "legacy-credentials", bearerFetch(token));
            assert.equal(value, CREDENTIALS);
            const [tokenRequest, secretRequest] = peer.seen;
            const asked = new URL(tokenRequest.url, peer.url).searchParams;
            assert.equal(asked.get("resource"), "https://vault.azure.net");
            assert.equal(asked.get("api-version"), "2019-08-01");
            assert.equal(secretRequest.method, "GET");
            assert.equal(secretRequest.url, "/secrets/legacy-credentials?api-version=7.4");
            await assert.rejects(
                readAzureSecret(
                    peer.url,
                    "legacy-credentials",
                    bearerFetch(async () => "stale"),
                ),
                /Key Vault answered 401: .*AKV10000/,
            );
        } finally {
            peer.server.close();
        }
    });

    it("GCP: versions:access over Secret Manager's REST API, with the metadata server's token", async () => {
        const name = "projects/mock-project/secrets/orders-acl-legacy/versions/latest";
        const peer = await standIn((s) => {
            if (s.url === "/computeMetadata/v1/instance/service-accounts/default/token" && s.headers["metadata-flavor"] === "Google") {
                return { status: 200, contentType: "application/json", body: '{"access_token":"mock-gcp-token","expires_in":3599}' };
            }
            return s.url === `/v1/${name}:access`
                ? {
                      status: 200,
                      contentType: "application/json",
                      body: JSON.stringify({
                          name: name.replace("latest", "3"),
                          payload: { data: Buffer.from(CREDENTIALS).toString("base64"), dataCrc32c: "1234" },
                      }),
                  }
                : {
                      status: 404,
                      contentType: "application/json",
                      body: JSON.stringify({ error: { code: 404, message: `not found: ${s.url}`, status: "NOT_FOUND" } }),
                  };
        });
        // Both the metadata server and secretmanager.googleapis.com answered by the stand-in.
        const toPeer: typeof fetch = (input, init) => fetch(String(input).replace(/^https?:\/\/[^/]+/, peer.url), init);
        try {
            const api = { token: metadataServerToken(toPeer), fetch: toPeer };
            assert.equal(await readGcpSecret(name, api), CREDENTIALS);
            assert.deepEqual(
                peer.seen.map((s) => `${s.method} ${s.url}`),
                ["GET /computeMetadata/v1/instance/service-accounts/default/token", `GET /v1/${name}:access`],
            );
            assert.equal(peer.seen[1].headers.authorization, "Bearer mock-gcp-token");

            await assert.rejects(
                readGcpSecret("projects/mock-project/secrets/missing/versions/1", api),
                /Secret Manager answered 404 reading projects\/mock-project\/secrets\/missing\/versions\/1: .*NOT_FOUND/,
            );
            assert.equal(peer.seen.length, 3, "the token is cached, so the second read asks the metadata server nothing");
        } finally {
            peer.server.close();
        }
    });

    it("references: read from settings with the bad field named; described without any value", () => {
        const read = (credentials: unknown) => readSecretReference(new ConfigReader({ credentials }), "credentials");
        assert.deepEqual(read({ provider: "aws", secretId: "arn:x" }), { provider: "aws", secretId: "arn:x" });
        assert.throws(() => read({ provider: "ibm" }), /'credentials.provider' must be one of aws, azure, gcp, got "ibm"/);
        assert.throws(
            () => read({ provider: "azure", vaultUrl: "http://kv", secretName: "s" }),
            /'credentials.vaultUrl' must be an https:\/\/ URL/,
        );
        assert.throws(
            () => read({ provider: "gcp", name: "projects/p/secrets/s" }),
            /'credentials.name' must be projects\/<p>\/secrets\/<s>\/versions\/<v>/,
        );
        assert.equal(
            describeSecret({ provider: "gcp", name: "projects/p/secrets/s/versions/latest" }),
            "Secret Manager version projects/p/secrets/s/versions/latest",
        );
    });

    it("a cloud's store refuses a reference to another cloud's store", async () => {
        await assert.rejects(
            awsSecretStore.read({ provider: "gcp", name: "projects/p/secrets/s/versions/1" }),
            /this function reads aws secrets, but its settings reference a gcp secret/,
        );
    });

    it("cachedSecret reads once per cold start and again after a failure", async () => {
        let reads = 0;
        const store = secretStore("aws", async () => (++reads === 1 ? Promise.reject(new Error("throttled")) : "v"));
        const get = cachedSecret({ provider: "aws", secretId: "s" }, store);
        await assert.rejects(get(), /^Error: Secrets Manager secret s: throttled$/);
        assert.deepEqual(await Promise.all([get(), get(), get()]), ["v", "v", "v"]);
        assert.equal(reads, 2);
    });
});
