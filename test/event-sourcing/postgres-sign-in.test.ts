/**
 * The PostgreSQL command store signing in the way AWS deploys it: the password read from Secrets
 * Manager (a local server stands in, answering GetSecretValue with the secret as RDS writes its
 * managed master secret: JSON {"username","password"}), over TLS, against the real PostgreSQL peer
 * with password (SCRAM) authentication required for the role. The peer trusts loopback by default,
 * so this suite turns on TLS and adds a pg_hba rule for its own role only.
 */
import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { chownSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, Server } from "node:http";
import { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import type { StoreSettings } from "../../handlers/event-sourcing/settings";
import { databasePassword } from "../../handlers/secrets/database-password";
import { postgresPoolLog } from "../../handlers/stores/clients/postgres-pool";
import { awsPostgresSignIn } from "../../handlers/stores/clients/postgres-sign-in-aws";
import { makeCa, makeServerCertificate } from "../fixtures/event-sourcing/certificates";
import { usePeer } from "../support/peers";

const ROLE = "es_sign_in";
const PASSWORD = "s3cret-Pa55+word";
/** First match wins: this role must use TLS and a SCRAM password; every other rule stays. */
const RULES = `hostssl all ${ROLE} 127.0.0.1/32 scram-sha-256\nhost all ${ROLE} 127.0.0.1/32 reject\n`;
const SECRET_ID = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-es-db-AbCdEf";

/** A CA and a server certificate it signed, made for this run. */
function certificates(): { ca: string; cert: string; key: string } {
    const dir = mkdtempSync(join(tmpdir(), "es-sign-in-"));
    try {
        const ca = makeCa(dir, "es-ca");
        return { ca, ...makeServerCertificate(dir, "es-ca", "127.0.0.1") };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * Writes a file into the server's data directory as the server's own user with mode 0600, which
 * PostgreSQL demands of a key file (COPY TO cannot: it writes 0644). The suite runs as that user
 * or as root (then the server runs as the 'postgres' user that owns the directory).
 */
function writeServerFile(dataDir: string, name: string, text: string): string {
    const file = join(dataDir, name);
    const { uid, gid } = statSync(dataDir);
    writeFileSync(file, text, { mode: 0o600 });
    if (process.getuid?.() === 0) chownSync(file, uid, gid);
    return file;
}

/** A Secrets Manager endpoint answering GetSecretValue for SECRET_ID with `secretString`. */
function secretsManager(secretString: () => string): Server {
    return createServer((req, res) => {
        let body = "";
        req.on("data", (chunk) => (body += chunk));
        req.on("end", () => {
            res.setHeader("content-type", "application/x-amz-json-1.1");
            if (req.headers["x-amz-target"] !== "secretsmanager.GetSecretValue" || JSON.parse(body).SecretId !== SECRET_ID) {
                res.statusCode = 400;
                res.end(JSON.stringify({ __type: "ResourceNotFoundException", message: "no such secret" }));
                return;
            }
            res.end(JSON.stringify({ ARN: SECRET_ID, Name: "rds!cluster-es-db", SecretString: secretString() }));
        });
    });
}

describe("event-sourcing PostgreSQL sign-in with the RDS-managed master secret (real PostgreSQL, TLS, SCRAM)", () => {
    const peer = usePeer("postgres", { freshDatabase: true });
    const { ca, cert, key } = certificates();
    let secret = "";
    const server = secretsManager(() => secret);
    const savedEnv = { ...process.env };
    let port = 0;

    before(async () => {
        const admin = peer.client();
        await admin.connect();
        try {
            const { rows } = await admin.query<{ dir: string; hba: string }>(
                "SELECT current_setting('data_directory') AS dir, current_setting('hba_file') AS hba",
            );
            const [{ dir, hba }] = rows;
            const certFile = writeServerFile(dir, "es-sign-in.pem", cert);
            const keyFile = writeServerFile(dir, "es-sign-in.key", key);
            const current = readFileSync(hba, "utf8");
            if (!current.includes(RULES)) writeFileSync(hba, RULES + current);
            await admin.query(`ALTER SYSTEM SET ssl_cert_file = '${certFile}'`);
            await admin.query(`ALTER SYSTEM SET ssl_key_file = '${keyFile}'`);
            await admin.query("ALTER SYSTEM SET ssl = on");
            await admin.query(`DROP ROLE IF EXISTS ${ROLE}`).catch(() => undefined);
            await admin.query(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}'`);
            await admin.query(`ALTER DATABASE "${peer.database}" OWNER TO ${ROLE}`);
            await admin.query("SELECT pg_reload_conf()");
        } finally {
            await admin.end();
        }
        // The postmaster applies a reload asynchronously: wait until a new connection sees both changes.
        for (;;) {
            const probe = peer.client();
            await probe.connect();
            const { rows } = await probe.query<{ ssl: string; rules: number }>(
                `SELECT current_setting('ssl') AS ssl, (SELECT count(*)::int FROM pg_hba_file_rules WHERE '${ROLE}' = ANY(user_name)) AS rules`,
            );
            await probe.end();
            if (rows[0].ssl === "on" && rows[0].rules === 2) break;
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
        port = Number(new URL(peer.connectionString).port);
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        Object.assign(process.env, {
            AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
            AWS_REGION: "us-east-1",
            AWS_ACCESS_KEY_ID: "test",
            AWS_SECRET_ACCESS_KEY: "test",
        });
    });
    after(async () => {
        process.env = savedEnv;
        server.close();
        // Other suites share this server: put its settings back.
        const admin = peer.client();
        await admin.connect();
        try {
            const hba = (await admin.query<{ hba: string }>("SELECT current_setting('hba_file') AS hba")).rows[0].hba;
            writeFileSync(hba, readFileSync(hba, "utf8").replace(RULES, ""));
            for (const setting of ["ssl", "ssl_cert_file", "ssl_key_file"]) await admin.query(`ALTER SYSTEM RESET ${setting}`);
            await admin.query("SELECT pg_reload_conf()");
        } finally {
            await admin.end();
        }
    });

    /** The settings the AWS component writes (auth: password from Secrets Manager), with this run's CA. */
    const settings = (user = ROLE): Extract<StoreSettings, { kind: "postgres" }> => ({
        kind: "postgres",
        host: "127.0.0.1",
        port,
        database: peer.database,
        user,
        auth: { kind: "password", password: { provider: "aws", secretId: SECRET_ID } },
        serverCa: ca,
    });

    it("the role really needs its password: a wrong one and the raw secret JSON are refused", async () => {
        for (const password of ["wrong", JSON.stringify({ username: ROLE, password: PASSWORD })]) {
            const client = new Client({
                host: "127.0.0.1",
                port,
                database: peer.database,
                user: ROLE,
                password,
                ssl: { ca, checkServerIdentity: () => undefined },
            });
            await assert.rejects(client.connect(), /password authentication failed/);
        }
    });

    it("signs in with the secret as RDS writes it, JSON {username, password}, and appends and reads events", async () => {
        secret = JSON.stringify({ username: ROLE, password: PASSWORD });
        const log = postgresPoolLog(settings(), awsPostgresSignIn);
        assert.equal(await log.head("acct-1"), undefined);
        const recordedAt = new Date("2026-12-01T12:00:00.000Z");
        await log.insert([
            { stream: "acct-1", version: 1, eventId: randomUUID(), type: "Opened", data: { owner: "ann" }, metadata: {}, recordedAt },
        ]);
        assert.equal((await log.head("acct-1"))?.version, 1);
    });

    it("a cloud's package signs in only with that cloud's identity, naming the auth and the cloud", () => {
        assert.throws(
            () => postgresPoolLog({ ...settings(), auth: { kind: "gcp-iam" } }, awsPostgresSignIn),
            /store.auth 'gcp-iam' signs in with another cloud's identity; this function runs on aws/,
        );
    });

    it("still signs in with a secret that holds the password alone", async () => {
        secret = PASSWORD;
        const log = postgresPoolLog(settings(), awsPostgresSignIn);
        assert.equal(await log.head("acct-2"), undefined);
    });

    it("reads the password as RDS writes it, or alone; refuses credentials for another user or without a password, naming them", () => {
        assert.equal(databasePassword(JSON.stringify({ username: ROLE, password: PASSWORD }), ROLE), PASSWORD);
        assert.equal(databasePassword(JSON.stringify({ password: PASSWORD }), ROLE), PASSWORD);
        for (const bare of [PASSWORD, "12345", '"quoted"', "{not json"]) assert.equal(databasePassword(bare, ROLE), bare);
        assert.throws(
            () => databasePassword(JSON.stringify({ username: "postgres_admin", password: PASSWORD }), ROLE),
            /the database secret is for user "postgres_admin", but the settings sign in as "es_sign_in"/,
        );
        assert.throws(() => databasePassword(JSON.stringify({ username: ROLE }), ROLE), /without a string "password"/);
    });
});
