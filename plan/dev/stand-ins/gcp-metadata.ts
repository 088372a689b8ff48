/**
 * The metadata server every Cloud Functions instance has, on this machine: the two paths the
 * bundles read (handlers/gcp-metadata-token.ts), each answered only with `Metadata-Flavor: Google`
 * as the real server requires (https://cloud.google.com/compute/docs/metadata/querying-metadata):
 * `/computeMetadata/v1/instance/service-accounts/default/token` (an access token, `expires_in`
 * seconds) and `/computeMetadata/v1/project/project-id`. A function finds it by
 * `GCE_METADATA_HOST`. The tokens it hands out are remembered, so a local API can check them.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { ListeningServer, listenLocal } from "../listen-local";

export interface RunningGcpMetadata extends ListeningServer {
    /** What a function finds the server by. */
    readonly env: Readonly<Record<string, string>>;
    /** Whether this server handed out `token`. */
    issued(token: string): boolean;
}

const TOKEN_SECONDS = 3599;

export async function startGcpMetadata(projectId: string, log: (line: string) => void): Promise<RunningGcpMetadata> {
    const tokens = new Set<string>();
    const server = createServer((req, res) => {
        const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
        if (req.headers["metadata-flavor"] !== "Google") {
            res.writeHead(403, { "content-type": "text/html" });
            res.end("Missing required header: Metadata-Flavor");
            return;
        }
        if (path === "/computeMetadata/v1/instance/service-accounts/default/token") {
            const token = `local-${randomUUID()}`;
            tokens.add(token);
            log("metadata server: access token for the default service account");
            res.writeHead(200, { "content-type": "application/json", "metadata-flavor": "Google" });
            res.end(JSON.stringify({ access_token: token, expires_in: TOKEN_SECONDS, token_type: "Bearer" }));
        } else if (path === "/computeMetadata/v1/project/project-id") {
            res.writeHead(200, { "content-type": "application/text", "metadata-flavor": "Google" });
            res.end(projectId);
        } else {
            res.writeHead(404, { "content-type": "text/html" });
            res.end("Not Found");
        }
    });
    const listening = await listenLocal(server);
    return { ...listening, env: { GCE_METADATA_HOST: listening.url.slice("http://".length) }, issued: (t) => tokens.has(t) };
}
