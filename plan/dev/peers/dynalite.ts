import type * as net from "node:net";
import { dynamoHandle, listTables, type DynamoPeer } from "./dynamodb";
import type { PeerDefinition } from "./peer";
import { npmPackage } from "./npm-package";
import { closeServer, listenOnLoopback } from "./ports";

/**
 * dynalite: DynamoDB on LevelDB in memory, inside this process (starts in ms).
 * Gaps: no TransactWriteItems/TransactGetItems, no Streams.
 */
export const dynalite: PeerDefinition<string, DynamoPeer> = {
    name: "dynalite",
    requires: [npmPackage("dynalite")],
    async start() {
        const createServer = require("dynalite") as (options: {
            createTableMs: number;
            deleteTableMs: number;
            updateTableMs: number;
        }) => net.Server;
        const server = createServer({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
        const endpoint = `http://127.0.0.1:${await listenOnLoopback(server)}`;
        await listTables(endpoint);
        return { shared: endpoint, pids: () => [], stop: () => closeServer(server), kill: () => undefined };
    },
    async open(endpoint, _options, namespace) {
        return { handle: dynamoHandle(endpoint, namespace, { transactions: false, streams: false }) };
    },
};
