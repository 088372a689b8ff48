/**
 * The library code every package is built without (components/platform/bundle.ts: pg's native
 * client, pgpass, is-unsafe), run inside a real Azure bundle: the paths the functions take still
 * work, and the left-out path, were it reached, fails naming why instead of running other code.
 * The PostgreSQL server here is a socket speaking the protocol's first messages (StartupMessage,
 * AuthenticationCleartextPassword, PasswordMessage: postgresql.org/docs/current/protocol-message-formats.html),
 * enough to see which password pg sends and whether it looks for one.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { AddressInfo, createServer, Server } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { HttpRequest, InvocationContext } from "@azure/functions";
import { Cloud } from "../../components/cloud";
import { bundleFunction } from "../../components/platform/bundle";
import { writeBundle } from "../../components/platform/bundle-write";
import { azureCoreRegistrations, installAzureCoreStandIn } from "../../plan/dev/azure-core-stand-in";
import { FIXTURES } from "./support";

const NAME = "library-cuts";

/** Asks every client for a cleartext password, records it, and hangs up. */
function passwordAsker(passwords: string[]): Server {
    return createServer((socket) => {
        let buffered = Buffer.alloc(0);
        let started = false;
        socket.on("data", (chunk) => {
            buffered = Buffer.concat([buffered, chunk]);
            if (!started && buffered.length >= 4 && buffered.length >= buffered.readInt32BE(0)) {
                buffered = buffered.subarray(buffered.readInt32BE(0));
                started = true;
                const ask = Buffer.alloc(9);
                ask.write("R", 0);
                ask.writeInt32BE(8, 1);
                ask.writeInt32BE(3, 5);
                socket.write(ask);
            }
            if (started && buffered.length >= 5 && buffered[0] === "p".charCodeAt(0) && buffered.length >= 1 + buffered.readInt32BE(1)) {
                passwords.push(buffered.subarray(5, buffered.readInt32BE(1)).toString().replace(/\0$/, ""));
                socket.destroy();
            }
        });
        socket.on("error", () => undefined);
    });
}

describe("runtimes/bundled packages without pg's native client, pgpass and is-unsafe", function () {
    this.timeout(120_000);
    let tmp: string;
    let call: (query: Record<string, string>) => Promise<string>;
    const passwords: string[] = [];
    const server = passwordAsker(passwords);
    const savedPassword = process.env.PGPASSWORD;

    before(async () => {
        delete process.env.PGPASSWORD;
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "library-cuts-"));
        const spec = { entry: path.join(FIXTURES, "library-cuts.ts"), exportName: "libraryCuts", trigger: { kind: "http" as const } };
        const bundle = bundleFunction(spec, Cloud.Azure, NAME);
        assert.ok(!bundle.files["index.js"].includes("pg-native"), "pg's native client is left out of the bundle");
        writeBundle(bundle, tmp);
        installAzureCoreStandIn(tmp);
        require(path.join(tmp, "index.js"));
        const { callback } = azureCoreRegistrations().find((r) => r.metadata.name === NAME)!;
        call = async (query) => {
            const url = `https://fn.azurewebsites.net/?${new URLSearchParams(query)}`;
            const answer = (await callback(new HttpRequest({ method: "GET", url }), new InvocationContext({ invocationId: "i" }))) as {
                body: Uint8Array;
            };
            return Buffer.from(answer.body).toString();
        };
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    });
    after(() => {
        if (savedPassword !== undefined) process.env.PGPASSWORD = savedPassword;
        server.close();
        fs.rmSync(tmp, { recursive: true, force: true });
    });
    const port = () => String((server.address() as AddressInfo).port);

    it("pg.native is null, as where pg-native is not installed", async () => {
        assert.equal(await call({ case: "pg.native" }), "null");
    });

    it("signs in with the password function the stores' pool gives pg, without looking for a .pgpass file", async () => {
        const answer = await call({ case: "pg-sign-in", port: port(), token: "entra-token-1" });
        assert.doesNotMatch(answer, /pgpass/);
        assert.deepEqual(passwords.splice(0), ["entra-token-1"]);
    });

    it("a client given no password reaches the left-out pgpass and fails naming it", async () => {
        assert.equal(
            await call({ case: "pg-sign-in", port: port() }),
            "pgpass is not bundled: the PostgreSQL pool must be given a password or a token function",
        );
        assert.deepEqual(passwords.splice(0), []);
    });

    it("an entity a DOCTYPE declares, which the Anti-Corruption Layer refuses before parsing, fails the parse closed", async () => {
        assert.match(await call({ case: "xml-input-entity", xml: "<a>text</a>" }), /"a":"text"/);
        assert.equal(
            await call({ case: "xml-input-entity", xml: '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>' }),
            "entities declared by the document are refused (is-unsafe is not bundled: DTDs are rejected before parsing)",
        );
    });
});
