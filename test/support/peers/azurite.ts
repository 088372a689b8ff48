import * as path from "node:path";
import type { PeerBasics, PeerDefinition } from "./peer";
import { canResolve } from "./paths";
import { freePort } from "./ports";
import { PeerProcess, startedWhenReady } from "./process";
import { httpRequest } from "./readiness";

/** What azurite gives a suite: the well-known dev account on the three services. */
export interface AzuritePeer extends PeerBasics {
    readonly accountName: string;
    readonly accountKey: string;
    /** For `QueueServiceClient.fromConnectionString(...)` and the Blob/Tables equivalents. */
    readonly connectionString: string;
    readonly blobEndpoint: string;
    readonly queueEndpoint: string;
    readonly tableEndpoint: string;
}

interface Ports {
    readonly blob: number;
    readonly queue: number;
    readonly table: number;
}

// Azurite's fixed development account (public, documented by Microsoft).
const accountName = "devstoreaccount1";
const accountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/**
 * azurite 3.35.0 (npm devDependency) in a child Node process, memory only.
 * `--skipApiVersionCheck` because the pinned SDKs speak newer API versions than
 * 3.35.0 knows (without it every call fails with 400).
 */
export const azurite: PeerDefinition<Ports, AzuritePeer> = {
    name: "azurite",
    install: "npm install (devDependency azurite)",
    absent: () => (canResolve("azurite/package.json") ? undefined : "the npm package 'azurite' is not installed"),
    async start() {
        const ports: Ports = { blob: await freePort(), queue: await freePort(), table: await freePort() };
        const entry = path.join(path.dirname(require.resolve("azurite/package.json")), "dist/src/azurite.js");
        const args = [entry, "--inMemoryPersistence", "--extentMemoryLimit", "256", "--silent", "--disableTelemetry", "--skipApiVersionCheck"];
        for (const service of ["blob", "queue", "table"] as const) args.push(`--${service}Host`, "127.0.0.1", `--${service}Port`, String(ports[service]));
        const child = new PeerProcess("azurite", process.execPath, args);
        const probe = () =>
            Promise.all([
                expectAzurite(`http://127.0.0.1:${ports.blob}/${accountName}?comp=list`),
                expectAzurite(`http://127.0.0.1:${ports.queue}/${accountName}?comp=list`),
                expectAzurite(`http://127.0.0.1:${ports.table}/${accountName}/Tables`),
            ]);
        return startedWhenReady(child, probe, ports);
    },
    async open(ports, _options, namespace) {
        const blobEndpoint = `http://127.0.0.1:${ports.blob}/${accountName}`;
        const queueEndpoint = `http://127.0.0.1:${ports.queue}/${accountName}`;
        const tableEndpoint = `http://127.0.0.1:${ports.table}/${accountName}`;
        const connectionString = `DefaultEndpointsProtocol=http;AccountName=${accountName};AccountKey=${accountKey};BlobEndpoint=${blobEndpoint};QueueEndpoint=${queueEndpoint};TableEndpoint=${tableEndpoint};`;
        return {
            handle: {
                endpoint: blobEndpoint,
                namespace,
                accountName,
                accountKey,
                connectionString,
                blobEndpoint,
                queueEndpoint,
                tableEndpoint,
                env: { AZURE_STORAGE_CONNECTION_STRING: connectionString },
            },
        };
    },
};

/** An unsigned list call: the service refuses it (403) in its own words, which proves it is up. */
async function expectAzurite(url: string): Promise<void> {
    const answer = await httpRequest(url);
    if (!answer.headers["x-ms-request-id"] || !String(answer.headers.server).startsWith("Azurite-")) {
        throw new Error(`GET ${url} answered ${answer.status} (server ${answer.headers.server ?? "unknown"}) without an Azurite request id`);
    }
}
