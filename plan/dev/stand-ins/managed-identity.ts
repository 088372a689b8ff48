/**
 * The managed identity endpoint App Service and Azure Functions give a function app
 * (`IDENTITY_ENDPOINT` + `IDENTITY_HEADER`, API version 2019-08-01), so the bundles' own
 * DefaultAzureCredential signs in locally as it would in the cloud. It hands out a token for any
 * resource, and remembers them: cosmosdb-server checks no token, the local Service Bus checks
 * that its callers' tokens came from here.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { ListeningServer, listenLocal } from "../listen-local";

export interface RunningManagedIdentity extends ListeningServer {
    /** The variables a function app finds its identity endpoint by. */
    readonly env: Readonly<Record<string, string>>;
    /** Whether this endpoint handed out `token`, for `resource`. */
    issued(token: string, resource: string): boolean;
}

export async function startManagedIdentity(log: (line: string) => void): Promise<RunningManagedIdentity> {
    const secret = randomUUID();
    const seen = new Set<string>();
    const tokens = new Map<string, string>();
    const server = createServer((req, res) => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        const resource = url.searchParams.get("resource");
        if (req.headers["x-identity-header"] !== secret || !resource) {
            res.writeHead(400, { "content-type": "application/json" });
            res.end(JSON.stringify({ error: "invalid_request", error_description: "X-IDENTITY-HEADER and resource are required" }));
            return;
        }
        if (!seen.has(resource)) log(`managed identity: token for ${resource}`);
        seen.add(resource);
        const token = `local-${randomUUID()}`;
        tokens.set(token, resource);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
            JSON.stringify({
                access_token: token,
                expires_on: String(Math.floor(Date.now() / 1000) + 3600),
                resource,
                token_type: "Bearer",
            }),
        );
    });
    const listening = await listenLocal(server);
    return {
        ...listening,
        env: { IDENTITY_ENDPOINT: `${listening.url}/msi/token`, IDENTITY_HEADER: secret },
        issued: (token, resource) => tokens.get(token) === resource,
    };
}
