import * as path from "node:path";
import { spannerRestDatabase, type SpannerDatabase } from "../../../handlers/stores/clients/spanner-rest";
import { gcloudEmulator } from "./gcloud-emulator";
import type { PeerBasics, PeerDefinition } from "./peer";
import { gcloudRoot } from "./paths";
import { freePort } from "./ports";
import { PeerProcess, startedWhenReady } from "./process";
import { httpRequest } from "./readiness";

/** What the Spanner emulator gives a suite: its own project and instance, and databases made from DDL. */
export interface SpannerPeer extends PeerBasics {
    readonly projectId: string;
    readonly instanceId: string;
    /** Creates a database with `ddl` in the suite's instance (made on first call) and returns it over REST, without a token. */
    createDatabase(name: string, ddl: readonly string[]): Promise<SpannerDatabase>;
}

interface SpannerAddress {
    /** The gateway's REST endpoint. */
    readonly rest: string;
    /** The emulator's gRPC `host:port`, the form SPANNER_EMULATOR_HOST takes. */
    readonly grpcHostPort: string;
}

const emulatorDir = path.join(gcloudRoot, "bin/cloud_spanner_emulator");

/**
 * gcloud's Spanner emulator behind its gateway (gateway_main), which serves Spanner's REST API on
 * its HTTP port and starts the gRPC emulator (emulator_main) as its child, in the peer's process
 * group. Change streams work: reading one is a single-use strong read of
 * `READ_<stream>(start, end, token, heartbeat)`, starting no earlier than the database's creation.
 * Its documented gaps: one read-write transaction at a time per database (others abort and are
 * retried by the client), no IAM, no backups. Its REST errors are grpc-gateway's `{ code, message }`,
 * not Google's `{ error: { code, status, message } }` (handlers/stores/clients/spanner-rest.ts reads both).
 */
export const spanner: PeerDefinition<SpannerAddress, SpannerPeer> = {
    name: "spanner",
    requires: [gcloudEmulator("bin/cloud_spanner_emulator/gateway_main", "google-cloud-cli-spanner-emulator")],
    async start() {
        const host = "127.0.0.1";
        const [grpcPort, httpPort] = [await freePort(), await freePort()];
        const child = new PeerProcess("spanner", path.join(emulatorDir, "gateway_main"), [
            `--hostname=${host}`,
            `--grpc_port=${grpcPort}`,
            `--http_port=${httpPort}`,
            `--grpc_binary=${path.join(emulatorDir, "emulator_main")}`,
        ]);
        const rest = `http://${host}:${httpPort}`;
        // The gateway answers only once the gRPC emulator behind it does.
        return startedWhenReady(
            child,
            async () => {
                const answer = await httpRequest(`${rest}/v1/projects/readiness/instanceConfigs`);
                if (answer.status !== 200) throw new Error(`instanceConfigs answered ${answer.status}: ${answer.body}`);
            },
            { rest, grpcHostPort: `${host}:${grpcPort}` },
        );
    },
    async open({ rest, grpcHostPort }, _options, namespace) {
        const projectId = `test-${namespace}`;
        const instanceId = "cqrs";
        const admin = async (path: string, body: unknown) => {
            const answer = await httpRequest(`${rest}/v1/${path}`, { method: "POST", body: JSON.stringify(body), timeoutMs: 30_000 });
            if (answer.status !== 200) throw new Error(`Spanner emulator: POST ${path} answered ${answer.status}: ${answer.body}`);
            // The emulator finishes instance and database operations before it answers.
            const operation = JSON.parse(answer.body) as { done?: boolean; error?: unknown };
            if (!operation.done || operation.error) throw new Error(`Spanner emulator: ${path} did not finish: ${answer.body}`);
        };
        let instanceReady: Promise<unknown> | undefined;
        const createDatabase = async (name: string, ddl: readonly string[]) => {
            instanceReady ??= admin(`projects/${projectId}/instances`, {
                instanceId,
                instance: { config: "emulator-config", displayName: "cqrs tests", nodeCount: 1 },
            });
            await instanceReady;
            await admin(`projects/${projectId}/instances/${instanceId}/databases`, {
                createStatement: `CREATE DATABASE \`${name}\``,
                extraStatements: ddl,
            });
            return spannerRestDatabase(`projects/${projectId}/instances/${instanceId}/databases/${name}`, { endpoint: rest, token: null });
        };
        return {
            handle: { endpoint: rest, namespace, projectId, instanceId, createDatabase, env: { SPANNER_EMULATOR_HOST: grpcHostPort } },
        };
    },
};
