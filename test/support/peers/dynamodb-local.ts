import * as fs from "node:fs";
import * as path from "node:path";
import { dynamoHandle, listTables, type DynamoPeer } from "./dynamodb";
import { javaOptions, javaStopSignal } from "./java";
import type { PeerDefinition } from "./peer";
import { cacheDir, installCommand } from "./paths";
import { freePort } from "./ports";
import { findExecutable, PeerProcess, startedWhenReady } from "./process";

/** Where the install script extracts DynamoDB Local 1.25.1 (from the npm tarball amplify-dynamodb-simulator@2.9.30). */
export const dynamoDbLocalDir = process.env.DYNAMODB_LOCAL_DIR ?? path.join(cacheDir, "dynamodb-local");

/**
 * DynamoDB Local 1.25.1 (Java): transactions and Streams work.
 * Gap: it listens on all interfaces (no bind-address option), on a random free port.
 */
export const dynamodbLocal: PeerDefinition<{ endpoint: string }, DynamoPeer> = {
    name: "dynamodb-local",
    install: installCommand,
    absent() {
        if (!findExecutable("java")) return "no 'java' on PATH (DynamoDB Local needs Java 17)";
        if (!fs.existsSync(path.join(dynamoDbLocalDir, "DynamoDBLocal.jar"))) return `no DynamoDBLocal.jar in ${dynamoDbLocalDir}`;
        return undefined;
    },
    async start() {
        const port = await freePort();
        const endpoint = `http://127.0.0.1:${port}`;
        const java = findExecutable("java") ?? "java";
        const args = [...javaOptions, "-Djava.library.path=./DynamoDBLocal_lib", "-jar", "DynamoDBLocal.jar", "-inMemory", "-sharedDb", "-disableTelemetry", "-port", String(port)];
        const child = new PeerProcess("dynamodb-local", java, args, { cwd: dynamoDbLocalDir, stopSignal: javaStopSignal });
        return startedWhenReady(child, () => listTables(endpoint), { endpoint });
    },
    async open({ endpoint }, _options, namespace) {
        return { handle: dynamoHandle(endpoint, namespace, { transactions: true, streams: true }) };
    },
};
