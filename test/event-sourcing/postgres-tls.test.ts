/**
 * The PostgreSQL pool's TLS options, through a real TLS handshake on 127.0.0.1: a server whose
 * certificate names an instance (as Cloud SQL's do) and chains to a CA of its own. openssl makes the
 * CA and certificates for this run.
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tls from "node:tls";
import { AddressInfo } from "node:net";
import { tlsOptions } from "../../handlers/stores/clients/postgres-pool";
import { parseEventSourcingSettings } from "../../handlers/event-sourcing/settings";
import { ConfigReader } from "../../handlers/config";
import { makeCa, makeServerCertificate } from "../fixtures/event-sourcing/certificates";

describe("event-sourcing PostgreSQL TLS (real handshakes against a server with its own CA)", () => {
    let dir: string;
    let ca: string;
    let otherCa: string;
    let server: tls.Server;
    let port: number;

    before(() => {
        dir = mkdtempSync(join(tmpdir(), "es-tls-"));
        ca = makeCa(dir, "ca");
        otherCa = makeCa(dir, "other-ca");
        const { cert, key } = makeServerCertificate(dir, "ca", "my-project:accounts-db");
        server = tls.createServer({ key, cert }, (s) => s.end());
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
