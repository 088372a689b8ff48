/**
 * The metadata server every Cloud Run / Cloud Functions instance has, for the two calls the
 * bundles make (handlers/gcp-metadata-token.ts): the default service account's access token
 * (`/computeMetadata/v1/instance/service-accounts/default/token`: `access_token`, `expires_in`,
 * `token_type`) and the project id (`/computeMetadata/v1/project/project-id`, plain text). As the
 * real server does, it refuses a request without `Metadata-Flavor: Google` (403). Functions find
 * it through `GCE_METADATA_HOST`, as Google's gcp-metadata library does. The tokens open nothing
 * real: the local stand-ins it is used with take any bearer token.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { ListeningServer, listenLocal } from "../listen-local";

export interface RunningGcpMetadata extends ListeningServer {
    /** The variable a function finds its metadata server by. */
    readonly env: Readonly<Record<string, string>>;
}

const ROOT = "/computeMetadata/v1";

export async function startGcpMetadata(projectId: string, log: (line: string) => void): Promise<RunningGcpMetadata> {
    let announced = false;
    const server = createServer((req, res) => {
        const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
        if (req.headers["metadata-flavor"] !== "Google") {
            res.writeHead(403, { "content-type": "text/plain" }).end("Missing required header: Metadata-Flavor: Google\n");
            return;
        }
        if (path === `${ROOT}/instance/service-accounts/default/token`) {
            if (!announced) log("metadata server: access token for the default service account");
            announced = true;
            res.writeHead(200, { "content-type": "application/json", "metadata-flavor": "Google" });
            res.end(JSON.stringify({ access_token: `local-${randomUUID()}`, expires_in: 3599, token_type: "Bearer" }));
        } else if (path === `${ROOT}/project/project-id`) {
            res.writeHead(200, { "content-type": "application/text", "metadata-flavor": "Google" }).end(projectId);
        } else {
            res.writeHead(404, { "content-type": "text/plain" }).end(
                `the stand-in serves the token and the project id only, not ${path}\n`,
            );
        }
    });
    const listening = await listenLocal(server);
    return { ...listening, env: { GCE_METADATA_HOST: new URL(listening.url).host } };
}
