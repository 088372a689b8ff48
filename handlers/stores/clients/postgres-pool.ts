/**
 * The PostgreSQL store from a function: a small pool over TLS, signing in with a password read once
 * from the cloud's secret store or with a token of the function's identity (fetched per new
 * connection, so it never goes stale), and the schema created on first use (IF NOT EXISTS).
 */
import type { ConnectionOptions } from "node:tls";
import { Pool } from "pg";
import type { PostgresAuth, StoreSettings } from "../../event-sourcing/settings";
import { cachedSecret, SecretReference, SecretStore } from "../../secrets";
import { databasePassword } from "../../secrets/database-password";
import { EventLog } from "../event-store/log";
import type { Queryable } from "./postgres";
import { eventStoreSchema, postgresEventLog } from "../event-store/postgres";

export function postgresPoolLog(settings: Extract<StoreSettings, { kind: "postgres" }>): EventLog {
    return postgresEventLog(postgresPool(settings, eventStoreSchema()));
}

/** A pool on the settings' database that runs `schema` (idempotent DDL) before its first query. */
export function postgresPool(settings: Extract<StoreSettings, { kind: "postgres" }>, schema: string): Queryable {
    const password = passwordSource(settings.auth, settings.user);
    const pool = new Pool({
        host: settings.host,
        port: settings.port,
        database: settings.database,
        user: settings.user,
        password,
        ssl: tlsOptions(settings.serverCa),
        // A function instance serves one request at a time on Lambda; a few on the others.
        max: 4,
        idleTimeoutMillis: 60_000,
    });
    // An idle connection the server ends (a failover, a restart) is dropped by the pool and the next
    // query opens another; without a listener its 'error' event would crash the function instance.
    pool.on("error", (err) => console.warn(JSON.stringify({ level: "warn", msg: "idle PostgreSQL connection lost", error: err.message })));
    let ready: Promise<unknown> | undefined;
    const schemaReady = () =>
        (ready ??= pool.query(schema).catch((err: unknown) => {
            ready = undefined;
            throw err;
        }));
    return {
        async query(text, params) {
            await schemaReady();
            return pool.query(text, params);
        },
    };
}

/**
 * Verification always stays on. Aurora's and Azure's certificates chain to CAs Node trusts (on
 * Lambda through NODE_EXTRA_CA_CERTS). Cloud SQL's chain to a CA of the instance's own, given in
 * settings, and name the instance rather than the private IP the function dials: the chain to that
 * one-instance CA is what proves the server, so the host name is not compared.
 */
export function tlsOptions(serverCa: string | undefined): ConnectionOptions {
    return serverCa === undefined
        ? { rejectUnauthorized: true }
        : { rejectUnauthorized: true, ca: serverCa, checkServerIdentity: () => undefined };
}

/** The secret store of the reference's cloud, loaded only when used (one SDK per function). */
function storeFor(ref: SecretReference): SecretStore {
    switch (ref.provider) {
        case "aws":
            return (require("../../secrets/aws") as typeof import("../../secrets/aws")).awsSecretStore;
        case "azure":
            return (require("../../secrets/azure") as typeof import("../../secrets/azure")).azureSecretStore;
        case "gcp":
            return (require("../../secrets/gcp") as typeof import("../../secrets/gcp")).gcpSecretStore;
    }
}

/** pg calls this for every new connection. */
function passwordSource(auth: PostgresAuth, user: string): () => Promise<string> {
    switch (auth.kind) {
        case "password": {
            const secret = cachedSecret(auth.password, storeFor(auth.password));
            return async () => databasePassword(await secret(), user);
        }
        case "azure-entra": {
            const { DefaultAzureCredential } = require("@azure/identity") as typeof import("@azure/identity");
            const credential = new DefaultAzureCredential();
            return async () => {
                const token = await credential.getToken(AZURE_POSTGRES_SCOPE);
                if (!token) throw new Error(`no Entra ID token for ${AZURE_POSTGRES_SCOPE}; is the function app's managed identity on?`);
                return token.token;
            };
        }
        case "gcp-iam":
            return gcpAccessToken;
    }
}

export const AZURE_POSTGRES_SCOPE = "https://ossrdbms-aad.database.windows.net/.default";
const GCP_TOKEN_URL =
    "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token?scopes=https://www.googleapis.com/auth/sqlservice.login";

/** The function's service account token from the metadata server (Cloud SQL IAM database auth). */
async function gcpAccessToken(): Promise<string> {
    const response = await fetch(GCP_TOKEN_URL, { headers: { "Metadata-Flavor": "Google" } });
    if (!response.ok) throw new Error(`the metadata server answered ${response.status} for a Cloud SQL login token`);
    return ((await response.json()) as { access_token: string }).access_token;
}
