/**
 * The PostgreSQL store from a function: a small pool over TLS, signing in with a password read once
 * from the cloud's secret store or with a token of the function's identity (fetched per new
 * connection, so it never goes stale), and the schema created on first use (IF NOT EXISTS).
 */
import type { ConnectionOptions } from "node:tls";
import { Pool } from "pg";
import type { PostgresAuth, StoreSettings } from "../../event-sourcing/settings";
import { cachedSecret, SecretStore } from "../../secrets";
import { databasePassword } from "../../secrets/database-password";
import { EventLog } from "../event-store/log";
import type { Queryable } from "./postgres";
import { eventStoreSchema, postgresEventLog } from "../event-store/postgres";

/**
 * How one cloud's functions sign in to PostgreSQL: a password from that cloud's secret store, or
 * the token of the function's identity where the cloud has a token kind. Each cloud's entry passes
 * its own (postgres-sign-in-<cloud>.ts), so a package carries one cloud's sign-in code.
 */
export interface PostgresSignIn {
    readonly cloud: string;
    readonly secrets: SecretStore;
    readonly identity?: { readonly kind: Exclude<PostgresAuth["kind"], "password">; readonly token: () => Promise<string> };
}

export function postgresPoolLog(settings: Extract<StoreSettings, { kind: "postgres" }>, signIn: PostgresSignIn): EventLog {
    return postgresEventLog(postgresPool(settings, eventStoreSchema(), signIn));
}

/** A pool on the settings' database that runs `schema` (idempotent DDL) before its first query. */
export function postgresPool(settings: Extract<StoreSettings, { kind: "postgres" }>, schema: string, signIn: PostgresSignIn): Queryable {
    const password = passwordSource(settings.auth, settings.user, signIn);
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
        async prepared(name, text, values) {
            await schemaReady();
            return { rowCount: (await pool.query({ name, text, values })).rowCount ?? 0 };
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

/** pg calls this for every new connection. */
function passwordSource(auth: PostgresAuth, user: string, signIn: PostgresSignIn): () => Promise<string> {
    if (auth.kind === "password") {
        const secret = cachedSecret(auth.password, signIn.secrets);
        return async () => databasePassword(await secret(), user);
    }
    if (signIn.identity?.kind !== auth.kind) {
        throw new Error(`store.auth '${auth.kind}' signs in with another cloud's identity; this function runs on ${signIn.cloud}`);
    }
    return signIn.identity.token;
}
