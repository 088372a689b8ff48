import * as https from "node:https";
import type { CosmosClient, CosmosClientOptions } from "@azure/cosmos";
import { CosmosRestClient } from "../../../handlers/stores/clients/cosmos-rest";
import { npmPackage } from "./npm-package";
import type { PeerBasics, PeerDefinition } from "./peer";
import { closeServer, listenOnLoopback } from "./ports";

/** What @vercel/cosmosdb-server gives a suite. */
export interface CosmosPeer extends PeerBasics {
    readonly key: string;
    /** Options for `new CosmosClient(...)`: self-signed TLS accepted, endpoint discovery off. */
    readonly clientOptions: CosmosClientOptions;
    /** A new SDK client pointed at the peer: for the suites' set-up (databases, containers with their keys and TTLs). */
    client(): CosmosClient;
    /** The REST client the functions use (handlers/stores/clients/cosmos-rest.ts), with the emulator's key. */
    rest(): CosmosRestClient;
}

// The well-known emulator key; the server accepts any key.
const key = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

/**
 * @vercel/cosmosdb-server: the Cosmos DB SQL API over HTTPS inside this process.
 * Gaps: transactional batch is NOT atomic; the change feed does not tail; no
 * stored procedures. Unique keys (409) and ifMatch (412) work.
 */
export const cosmos: PeerDefinition<string, CosmosPeer> = {
    name: "cosmos",
    requires: [npmPackage("@vercel/cosmosdb-server")],
    async start() {
        const { createHttpsServer } = require("@vercel/cosmosdb-server") as typeof import("@vercel/cosmosdb-server");
        const server = createHttpsServer();
        const endpoint = `https://127.0.0.1:${await listenOnLoopback(server)}`;
        // The account read, as the functions' REST client signs it: the peer is up and takes the key.
        await restClient(endpoint).send("GET", "/", "", "", {});
        return { shared: endpoint, pids: () => [], stop: () => closeServer(server), kill: () => undefined };
    },
    async open(endpoint, _options, namespace) {
        return {
            handle: {
                endpoint,
                namespace,
                key,
                clientOptions: clientOptions(endpoint),
                client: () => newClient(endpoint),
                rest: () => restClient(endpoint),
                env: { COSMOS_ENDPOINT: endpoint, COSMOS_KEY: key, NODE_TLS_REJECT_UNAUTHORIZED: "0" },
            },
        };
    },
};

function clientOptions(endpoint: string): CosmosClientOptions {
    return {
        endpoint,
        key,
        // The server's certificate is self-signed.
        agent: new https.Agent({ rejectUnauthorized: false }),
        // It has no other regions to discover; discovery would only add round trips.
        connectionPolicy: { enableEndpointDiscovery: false },
    };
}

function restClient(endpoint: string): CosmosRestClient {
    return new CosmosRestClient(endpoint, { key, agent: new https.Agent({ rejectUnauthorized: false }) });
}

/** @azure/cosmos is a devDependency: only the suites' set-up asks for an SDK client. */
function newClient(endpoint: string): CosmosClient {
    const { CosmosClient } = require("@azure/cosmos") as typeof import("@azure/cosmos");
    return new CosmosClient(clientOptions(endpoint));
}
