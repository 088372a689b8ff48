import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Client } from "pg";
import { debianPackage } from "./apt";
import type { PeerBasics, PeerDefinition } from "./peer";
import { freePort } from "./ports";
import { findExecutable, PeerProcess, startedWhenReady } from "./process";

/** What the private PostgreSQL cluster gives a suite. */
export interface PostgresPeer extends PeerBasics {
    /** `postgres://postgres@127.0.0.1:<port>/<database>` (trust auth on loopback). */
    readonly connectionString: string;
    readonly database: string;
    /** A new, not yet connected `pg` client for the suite's database. */
    client(): Client;
}

export interface PostgresOptions {
    /** Give the suite a database of its own, dropped after it. @default false (the shared `postgres` database) */
    readonly freshDatabase?: boolean;
}

interface Cluster {
    readonly port: number;
}

const superuser = "postgres";

/**
 * PostgreSQL from Debian's postgresql package, as a private throw-away cluster:
 * initdb into a temp dir, one server on 127.0.0.1 and a free port, fsync off.
 */
export const postgres: PeerDefinition<Cluster, PostgresPeer, PostgresOptions> = {
    name: "postgres",
    requires: [
        // Debian's package brings the binaries and the 'postgres' user the server runs as under root.
        debianPackage("postgresql", () => {
            if (!binary("initdb") || !binary("postgres")) return "no initdb/postgres binaries";
            if (process.getuid?.() === 0 && runAs() === undefined)
                return "running as root, and there is no 'postgres' user to run the server as";
            return undefined;
        }),
    ],
    async start() {
        const user = runAs();
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "peer-postgres-"));
        if (user) fs.chownSync(dataDir, user.uid, user.gid);
        const removeDataDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
        try {
            execFileSync(
                binary("initdb")!,
                ["-D", dataDir, "-U", superuser, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"],
                {
                    stdio: "pipe",
                    uid: user?.uid,
                    gid: user?.gid,
                },
            );
        } catch (error) {
            removeDataDir();
            const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
            throw new Error(`test peer 'postgres': initdb failed: ${(error as Error).message}\n${stderr}`, { cause: error });
        }
        const port = await freePort();
        // The socket goes into the data dir: /var/run/postgresql may not exist or be writable.
        const args = [
            "-D",
            dataDir,
            "-c",
            "listen_addresses=127.0.0.1",
            "-p",
            String(port),
            "-k",
            dataDir,
            "-c",
            "fsync=off",
            "-c",
            "synchronous_commit=off",
            "-c",
            "full_page_writes=off",
        ];
        const child = new PeerProcess("postgres", binary("postgres")!, args, { uid: user?.uid, gid: user?.gid, stopSignal: "SIGINT" });
        return startedWhenReady(child, () => query(port, "postgres", "select 1"), { port }, removeDataDir);
    },
    async open({ port }, options, namespace) {
        const database = options?.freshDatabase ? namespace : "postgres";
        if (options?.freshDatabase) await query(port, "postgres", `create database "${database}"`);
        const connectionString = `postgres://${superuser}@127.0.0.1:${port}/${database}`;
        return {
            handle: {
                endpoint: `postgres://127.0.0.1:${port}`,
                namespace,
                connectionString,
                database,
                client: () => newClient(port, database),
                env: { DATABASE_URL: connectionString, PGHOST: "127.0.0.1", PGPORT: String(port), PGUSER: superuser, PGDATABASE: database },
            },
            close: options?.freshDatabase ? () => withAdmin(port, (admin) => dropDatabase(admin, database)) : undefined,
        };
    },
};

function newClient(port: number, database: string): Client {
    const { Client } = require("pg") as typeof import("pg");
    return new Client({ host: "127.0.0.1", port, user: superuser, database });
}

async function query(port: number, database: string, sql: string): Promise<void> {
    const client = newClient(port, database);
    try {
        await client.connect();
        await client.query(sql);
    } finally {
        await client.end().catch(() => undefined);
    }
}

async function withAdmin(port: number, use: (admin: Client) => Promise<void>): Promise<void> {
    const admin = newClient(port, "postgres");
    try {
        await admin.connect();
        await use(admin);
    } finally {
        await admin.end().catch(() => undefined);
    }
}

/** How long a dropped database's sessions get to end by themselves. */
const sessionsEndMs = 5_000;

/**
 * Drops a suite's database once its sessions have ended. pg's `Pool.end()` resolves
 * before its clients' sockets close, and `WITH (FORCE)` would then hand those closing
 * clients a FATAL 57P01 that surfaces as an uncaught error in the suite; so FORCE only
 * ends what is still connected after the wait (connections a suite forgot to close).
 */
export async function dropDatabase(admin: Client, database: string): Promise<void> {
    const deadline = Date.now() + sessionsEndMs;
    for (;;) {
        const { rows } = await admin.query<{ sessions: number }>(
            "select count(*)::int as sessions from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
            [database],
        );
        if (rows[0].sessions === 0 || Date.now() >= deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await admin.query(`drop database if exists "${database}" with (force)`);
}

/** The server refuses to run as root; then it runs as the `postgres` user the Debian package made. */
function runAs(): { uid: number; gid: number } | undefined {
    if (process.getuid?.() !== 0) return undefined;
    try {
        const id = (flag: string) => Number(execFileSync("id", [flag, superuser], { stdio: "pipe" }).toString().trim());
        return { uid: id("-u"), gid: id("-g") };
    } catch {
        return undefined;
    }
}

/** Debian keeps the server binaries under /usr/lib/postgresql/<major>/bin, off PATH. */
function binary(name: string): string | undefined {
    const root = "/usr/lib/postgresql";
    const majors = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
    return findExecutable(
        name,
        majors.map((major) => path.join(root, major, "bin", name)),
    );
}
