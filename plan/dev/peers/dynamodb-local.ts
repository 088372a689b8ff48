import * as fs from "node:fs";
import * as path from "node:path";
import { dynamoHandle, listTables, type DynamoPeer } from "./dynamodb";
import { fillDirectory } from "./fill-directory";
import { java, javaOptions, javaStopSignal } from "./java";
import type { PeerDefinition } from "./peer";
import { cacheDir } from "./paths";
import { freePort } from "./ports";
import { findExecutable, PeerProcess, startedWhenReady } from "./process";
import { setupTimeoutMs, type Requirement } from "./requirement";
import { runCommand } from "./run-command";

/** Where the test run puts DynamoDB Local 1.25.1 (git-ignored), fetched on first need. */
export const dynamoDbLocalDir = process.env.DYNAMODB_LOCAL_DIR ?? path.join(cacheDir, "dynamodb-local");

/** The npm tarball that carries DynamoDB Local 1.25.1 in its `emulator/` folder. */
const simulator = "amplify-dynamodb-simulator@2.9.30";

/** DynamoDB Local's jar and libraries, fetched with `npm pack`, which checks the tarball against the registry's integrity hash. */
const dynamoDbLocalFiles: Requirement = {
    name: `DynamoDB Local 1.25.1 (npm pack ${simulator})`,
    missing: () =>
        fs.existsSync(path.join(dynamoDbLocalDir, "DynamoDBLocal.jar")) ? undefined : `no DynamoDBLocal.jar in ${dynamoDbLocalDir}`,
    remedy: `\`npm pack ${simulator}\` must reach the npm registry (or put DynamoDB Local 1.25.1 in ${dynamoDbLocalDir}, or point DYNAMODB_LOCAL_DIR at it)`,
    obtain: () =>
        fillDirectory(dynamoDbLocalDir, async (scratch) => {
            const packed = JSON.parse(
                await runCommand("npm", ["pack", "--json", "--pack-destination", scratch, simulator], {
                    cwd: scratch,
                    timeoutMs: setupTimeoutMs,
                }),
            ) as { filename: string }[];
            await runCommand("tar", ["-xzf", path.join(scratch, packed[0].filename), "-C", scratch, "package/emulator"]);
            return path.join(scratch, "package", "emulator");
        }),
};

/**
 * DynamoDB Local 1.25.1 (Java): transactions and Streams work.
 * Gap: it listens on all interfaces (no bind-address option), on a random free port.
 */
export const dynamodbLocal: PeerDefinition<{ endpoint: string }, DynamoPeer> = {
    name: "dynamodb-local",
    requires: [dynamoDbLocalFiles, java],
    async start() {
        const port = await freePort();
        const endpoint = `http://127.0.0.1:${port}`;
        const javaBinary = findExecutable("java") ?? "java";
        const args = [
            ...javaOptions,
            "-Djava.library.path=./DynamoDBLocal_lib",
            "-jar",
            "DynamoDBLocal.jar",
            "-inMemory",
            "-sharedDb",
            "-disableTelemetry",
            "-port",
            String(port),
        ];
        const child = new PeerProcess("dynamodb-local", javaBinary, args, { cwd: dynamoDbLocalDir, stopSignal: javaStopSignal });
        return startedWhenReady(child, () => listTables(endpoint), { endpoint });
    },
    async open({ endpoint }, _options, namespace) {
        return { handle: dynamoHandle(endpoint, namespace, { transactions: true, streams: true }) };
    },
};
