/**
 * The managed identity token from the Functions host's identity endpoint, against a stand-in on
 * 127.0.0.1 answering as the App Service protocol (api-version 2019-08-01) documents: the secret
 * header, the resource (not the scope), the user-assigned client id, expires_on in epoch seconds.
 */
import { strict as assert } from "node:assert";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { managedIdentityCredential, managedIdentityToken, resourceOfScope } from "../../handlers/azure-managed-identity";

interface IdentityEndpoint {
    readonly url: string;
    readonly asked: { query: URLSearchParams; headers: IncomingHttpHeaders }[];
    readonly server: Server;
}

async function identityEndpoint(expiresOn: () => number | string, status = 200): Promise<IdentityEndpoint> {
    const asked: IdentityEndpoint["asked"] = [];
    const server = createServer((req, res) => {
        const query = new URL(req.url!, "http://x").searchParams;
        asked.push({ query, headers: req.headers });
        const body = { access_token: `token-${asked.length}-${query.get("resource")}`, expires_on: expiresOn(), token_type: "Bearer" };
        res.writeHead(status, { "content-type": "application/json" }).end(status === 200 ? JSON.stringify(body) : '{"error":"nope"}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/msi/token`, asked, server };
}

describe("Azure managed identity token (the Functions host's identity endpoint)", () => {
    let now = 1_700_000_000_000;
    const clock = () => now;

    it("asks for the resource with the host's secret header, and caches the token until five minutes before expiry", async () => {
        const endpoint = await identityEndpoint(() => String(now / 1000 + 3600));
        try {
            const env = { IDENTITY_ENDPOINT: endpoint.url, IDENTITY_HEADER: "host-secret" };
            const token = managedIdentityToken("https://vault.azure.net/.default", { env, clock });
            const [first, concurrent] = await Promise.all([token(), token()]);
            assert.equal(first, "token-1-https://vault.azure.net");
            assert.equal(concurrent, first, "concurrent callers share one request");
            assert.equal(endpoint.asked.length, 1);
            const [{ query, headers }] = endpoint.asked;
            assert.equal(headers["x-identity-header"], "host-secret");
            assert.equal(query.get("api-version"), "2019-08-01");
            assert.equal(query.get("resource"), "https://vault.azure.net");
            assert.equal(query.get("client_id"), null, "system-assigned: no client id");
            now += 54 * 60 * 1000;
            assert.equal(await token(), first, "55 minutes before expiry: still cached");
            now += 2 * 60 * 1000;
            assert.equal(await token(), "token-2-https://vault.azure.net", "within five minutes of expiry: renewed");
        } finally {
            endpoint.server.close();
        }
    });

    it("names a user-assigned identity by AZURE_CLIENT_ID, and takes expires_on as a number too", async () => {
        const endpoint = await identityEndpoint(() => now / 1000 + 600);
        try {
            const env = { IDENTITY_ENDPOINT: endpoint.url, IDENTITY_HEADER: "s", AZURE_CLIENT_ID: "00000000-0000-0000-0000-0000000000aa" };
            const credential = managedIdentityCredential({ env, clock });
            const got = await credential.getToken(["https://acct.documents.azure.com/.default"]);
            assert.equal(got.token, "token-1-https://acct.documents.azure.com");
            assert.ok(got.expiresOnTimestamp > now);
            assert.equal(endpoint.asked[0].query.get("client_id"), "00000000-0000-0000-0000-0000000000aa");
            await credential.getToken("https://acct.documents.azure.com/.default");
            assert.equal(endpoint.asked.length, 1, "one source per scope, cached");
        } finally {
            endpoint.server.close();
        }
    });

    it("fails naming what is missing: no identity on the app, or a refusal (not cached, so the next call asks again)", async () => {
        await assert.rejects(
            managedIdentityToken("https://vault.azure.net", { env: {} })(),
            /IDENTITY_ENDPOINT and IDENTITY_HEADER are unset/,
        );
        const endpoint = await identityEndpoint(() => 0, 400);
        try {
            const token = managedIdentityToken("https://vault.azure.net", {
                env: { IDENTITY_ENDPOINT: endpoint.url, IDENTITY_HEADER: "s" },
            });
            await assert.rejects(token(), /identity endpoint answered 400 for https:\/\/vault.azure.net/);
            await assert.rejects(token());
            assert.equal(endpoint.asked.length, 2);
        } finally {
            endpoint.server.close();
        }
    });

    it("a scope's resource is the scope without /.default", () => {
        assert.equal(resourceOfScope("https://servicebus.azure.net/.default"), "https://servicebus.azure.net");
        assert.equal(resourceOfScope("https://ossrdbms-aad.database.windows.net"), "https://ossrdbms-aad.database.windows.net");
    });
});
