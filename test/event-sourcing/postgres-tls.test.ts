/**
 * The PostgreSQL pool's TLS options, through a real TLS handshake on 127.0.0.1: a server whose
 * certificate names an instance (as Cloud SQL's do) and chains to a CA of its own. openssl makes the
 * CA and certificates for this run.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tls from "node:tls";
import { AddressInfo } from "node:net";
import { tlsOptions } from "../../handlers/stores/clients/postgres-pool";
import { parseEventSourcingSettings } from "../../handlers/event-sourcing/settings";
import { ConfigReader } from "../../handlers/config";

function openssl(dir: string, ...args: string[]): void {
    execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
}

describe("event-sourcing PostgreSQL TLS (real handshakes against a server with its own CA)", () => {
    let dir: string;
    let ca: string;
    let otherCa: string;
    let server: tls.Server;
    let port: number;

    before(() => {
        dir = mkdtempSync(join(tmpdir(), "es-tls-"));
        for (const name of ["ca", "other-ca"]) {
            openssl(
                dir,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                `/CN=${name}`,
                "-keyout",
                `${name}.key`,
                "-out",
                `${name}.pem`,
            );
        }
        openssl(
            dir,
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=my-project:accounts-db",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
        );
        openssl(
            dir,
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "1",
            "-out",
            "server.pem",
        );
        ca = readFileSync(join(dir, "ca.pem"), "utf8");
        otherCa = readFileSync(join(dir, "other-ca.pem"), "utf8");
        server = tls.createServer({ key: readFileSync(join(dir, "server.key")), cert: readFileSync(join(dir, "server.pem")) }, (s) =>
            s.end(),
        );
        return new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    });
    before(() => {
        port = (server.address() as AddressInfo).port;
    });
    after(() => {
        server.close();
        rmSync(dir, { recursive: true, force: true });
    });

    function handshake(options: tls.ConnectionOptions): Promise<void> {
        return new Promise((resolve, reject) => {
            const socket = tls.connect({ host: "127.0.0.1", port, ...options }, () => {
                socket.end();
                resolve();
            });
            socket.on("error", reject);
        });
    }

    it("trusts a server that chains to the instance's CA although its certificate names the instance, not the IP", async () => {
        await handshake(tlsOptions(ca));
    });

    it("refuses a server signed by any other CA", async () => {
        await assert.rejects(handshake(tlsOptions(otherCa)), /self[- ]signed|unable to verify|certificate/i);
    });

    it("without a CA in settings, verifies against Node's trusted CAs (and refuses this private one)", async () => {
        await assert.rejects(handshake(tlsOptions(undefined)), /self[- ]signed|unable to verify|certificate/i);
    });

    it("reads serverCa from the settings, optional", () => {
        const store = { kind: "postgres", host: "10.0.0.3", database: "events", user: "fn@p.iam", auth: "gcp-iam" };
        const withCa = parseEventSourcingSettings(new ConfigReader({ store: { ...store, serverCa: ca } }));
        const without = parseEventSourcingSettings(new ConfigReader({ store }));
        assert.equal(withCa.store.kind === "postgres" && withCa.store.serverCa, ca);
        assert.equal(without.store.kind === "postgres" && without.store.serverCa, undefined);
    });
});
