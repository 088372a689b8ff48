import * as path from "node:path";
import type { Database, Instance, Spanner } from "@google-cloud/spanner";
import { gcloudEmulatorAbsent, universeDomain, type EmulatorAddress } from "./gcloud-emulator";
import type { PeerBasics, PeerDefinition } from "./peer";
import { gcloudRoot, installCommand } from "./paths";
import { freePort } from "./ports";
import { PeerProcess, startedWhenReady } from "./process";
import { grpcAnswers } from "./readiness";

/** What the Spanner emulator gives a suite: an instance of its own in its own project. */
export interface SpannerPeer extends PeerBasics {
    readonly host: string;
    readonly port: number;
    readonly projectId: string;
    readonly instanceId: string;
    /** The client the suite's instance was made with (plain-text gRPC, no credentials); closed after the suite. */
    readonly client: Spanner;
    readonly instance: Instance;
    /** Creates a database with this DDL in the suite's instance. */
    createDatabase(ddl: readonly string[]): Promise<Database>;
}

const emulatorPath = "bin/cloud_spanner_emulator/emulator_main";

/**
 * The Node client reads these when it makes a Database, and the emulator has no
 * multiplexed sessions; they are set in process.env only while a Spanner suite runs.
 */
export const spannerClientSwitches: Readonly<Record<string, string>> = {
    GOOGLE_CLOUD_SPANNER_MULTIPLEXED_SESSIONS: "false",
    GOOGLE_CLOUD_SPANNER_MULTIPLEXED_SESSIONS_PARTITIONED_OPS: "false",
    GOOGLE_CLOUD_SPANNER_MULTIPLEXED_SESSIONS_FOR_RW: "false",
};

/** gcloud's Spanner emulator (native gRPC server). Gap, as Google documents it: one read-write transaction or schema change at a time (concurrent ones abort; the client retries). */
export const spanner: PeerDefinition<EmulatorAddress, SpannerPeer> = {
    name: "spanner",
    install: installCommand,
    absent: () => gcloudEmulatorAbsent(emulatorPath, "google-cloud-cli-spanner-emulator", false),
    async start() {
        const host = "127.0.0.1";
        const port = await freePort();
        const child = new PeerProcess("spanner", path.join(gcloudRoot, emulatorPath), [`--host_port=${host}:${port}`]);
        const probe = () => grpcAnswers(`http://${host}:${port}`, "/google.spanner.admin.instance.v1.InstanceAdmin/ListInstanceConfigs");
        return startedWhenReady(child, probe, { host, port, hostPort: `${host}:${port}` });
    },
    async open({ host, port, hostPort }, _options, namespace) {
        const restoreEnv = setEnv(spannerClientSwitches);
        const projectId = `test-${namespace}`;
        const instanceId = namespace;
        const client = newClient(host, port, projectId);
        const [instance, operation] = await client.createInstance(instanceId, { config: "emulator-config", nodes: 1, displayName: instanceId });
        await operation.promise();
        let databases = 0;
        const createDatabase = async (ddl: readonly string[]) => {
            databases += 1;
            const [database, created] = await instance.createDatabase(`db${databases}`, { schema: [...ddl] });
            await created.promise();
            return database;
        };
        return {
            handle: {
                endpoint: `http://${hostPort}`,
                namespace,
                host,
                port,
                projectId,
                instanceId,
                client,
                instance,
                createDatabase,
                env: { SPANNER_EMULATOR_HOST: hostPort, GOOGLE_CLOUD_PROJECT: projectId, ...spannerClientSwitches },
            },
            async close() {
                try {
                    await instance.delete();
                    client.close();
                } finally {
                    restoreEnv();
                }
            },
        };
    },
};

function newClient(host: string, port: number, projectId: string): Spanner {
    const spannerModule = require.resolve("@google-cloud/spanner");
    const { Spanner } = require(spannerModule) as typeof import("@google-cloud/spanner");
    // The insecure credentials must come from the grpc-js copy the client itself uses.
    const { grpc } = require(require.resolve("google-gax", { paths: [path.dirname(spannerModule)] })) as typeof import("google-gax");
    return new Spanner({ projectId, servicePath: host, port, sslCreds: grpc.credentials.createInsecure(), universeDomain, disableBuiltInMetrics: true });
}

function setEnv(values: Readonly<Record<string, string>>): () => void {
    const previous = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
    Object.assign(process.env, values);
    return () => {
        for (const [key, value] of Object.entries(previous)) {
            if (value === undefined) delete process.env[key];
            else process.env[key] = value;
        }
    };
}
