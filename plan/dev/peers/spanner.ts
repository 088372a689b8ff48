import * as path from "node:path";
import type { Database, Spanner } from "@google-cloud/spanner";
import { gcloudEmulator, universeDomain, type EmulatorAddress } from "./gcloud-emulator";
import type { PeerBasics, PeerDefinition } from "./peer";
import { gcloudRoot } from "./paths";
import { freePort } from "./ports";
import { PeerProcess, startedWhenReady } from "./process";
import { grpcAnswers } from "./readiness";

/** What the Spanner emulator gives a suite: its own project and instance, and databases made from DDL. */
export interface SpannerPeer extends PeerBasics {
    readonly projectId: string;
    readonly instanceId: string;
    /** A new client pointed at the peer (plain-text gRPC, no credentials); nothing read from process.env. */
    client(): Spanner;
    /** Creates a database with `ddl` in the suite's instance (made on first call) and returns it. */
    createDatabase(name: string, ddl: readonly string[]): Promise<Database>;
}

const emulatorPath = "bin/cloud_spanner_emulator/emulator_main";

/**
 * gcloud's Spanner emulator (native, gRPC only). Change streams work: reading one is a
 * single-use strong read of `READ_<stream>(start, end, token, heartbeat)`, starting no earlier than
 * the database's creation. Its documented gaps: one read-write transaction at a time per database
 * (others abort and are retried by the client), no IAM, no backups.
 */
export const spanner: PeerDefinition<EmulatorAddress, SpannerPeer> = {
    name: "spanner",
    requires: [gcloudEmulator(emulatorPath, "google-cloud-cli-spanner-emulator")],
    async start() {
        const host = "127.0.0.1";
        const port = await freePort();
        const child = new PeerProcess("spanner", path.join(gcloudRoot, emulatorPath), ["--host_port", `${host}:${port}`]);
        // Any gRPC answer (an error for the empty request included) means the server is serving.
        return startedWhenReady(
            child,
            () => grpcAnswers(`http://${host}:${port}`, "/google.spanner.admin.instance.v1.InstanceAdmin/ListInstanceConfigs"),
            {
                host,
                port,
                hostPort: `${host}:${port}`,
            },
        );
    },
    async open({ host, port, hostPort }, _options, namespace) {
        const projectId = `test-${namespace}`;
        const instanceId = "cqrs";
        // The emulator does not serve multiplexed sessions: @google-cloud/spanner 8 then fails releasing
        // them ("Unable to release unknown resource"); the client reads this switch when it is built.
        process.env.GOOGLE_CLOUD_SPANNER_MULTIPLEXED_SESSIONS = "false";
        const client = (): Spanner => {
            const { Spanner } = require("@google-cloud/spanner") as typeof import("@google-cloud/spanner");
            return new Spanner({
                projectId,
                servicePath: host,
                port,
                sslCreds: require("@grpc/grpc-js").credentials.createInsecure(),
                universeDomain,
            });
        };
        let instanceReady: Promise<unknown> | undefined;
        const createDatabase = async (name: string, ddl: readonly string[]) => {
            const spannerClient = client();
            instanceReady ??= spannerClient
                .createInstance(instanceId, { config: "emulator-config", nodes: 1, displayName: "cqrs tests" })
                .then(([, operation]) => operation.promise());
            await instanceReady;
            const [, operation] = await spannerClient.instance(instanceId).createDatabase(name, { schema: [...ddl] });
            await operation.promise();
            return spannerClient.instance(instanceId).database(name);
        };
        return {
            handle: {
                endpoint: `http://${hostPort}`,
                namespace,
                projectId,
                instanceId,
                client,
                createDatabase,
                env: { SPANNER_EMULATOR_HOST: hostPort },
            },
        };
    },
};
