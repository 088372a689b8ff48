import type { Firestore, Settings } from "@google-cloud/firestore";
import { gcloudEmulator, startJavaEmulator, universeDomain, type EmulatorAddress } from "./gcloud-emulator";
import { java } from "./java";
import type { PeerBasics, PeerDefinition } from "./peer";
import { httpRequest } from "./readiness";

/** What the Firestore emulator gives a suite: its own project, so suites never see each other's documents. */
export interface FirestorePeer extends PeerBasics {
    readonly host: string;
    readonly port: number;
    readonly projectId: string;
    /** Settings for `new Firestore(...)`: host, project and plain-text gRPC; nothing read from process.env. */
    readonly settings: Settings;
    /** A new client pointed at the peer and the suite's project. */
    client(): Firestore;
    /** Deletes every document of the suite's project. */
    clear(): Promise<void>;
}

const emulatorPath = "platform/cloud-firestore-emulator/cloud_firestore_emulator";

/** gcloud's Firestore emulator (Java): preconditions and transactions work. */
export const firestore: PeerDefinition<EmulatorAddress, FirestorePeer> = {
    name: "firestore",
    requires: [gcloudEmulator(emulatorPath, "google-cloud-cli-firestore-emulator"), java],
    start: () => startJavaEmulator("firestore", emulatorPath, (port) => ["start", "--host=127.0.0.1", `--port=${port}`]),
    async open({ host, port, hostPort }, _options, namespace) {
        const projectId = `test-${namespace}`;
        // ssl:false makes the client talk plain gRPC and present the emulator's "owner" token.
        const settings: Settings = { projectId, host, port, ssl: false, universeDomain };
        const endpoint = `http://${hostPort}`;
        const clear = async () => {
            const answer = await httpRequest(`${endpoint}/emulator/v1/projects/${projectId}/databases/(default)/documents`, {
                method: "DELETE",
                timeoutMs: 30_000,
            });
            if (answer.status !== 200) throw new Error(`clearing Firestore project ${projectId} answered ${answer.status}: ${answer.body}`);
        };
        return {
            handle: {
                endpoint,
                namespace,
                host,
                port,
                projectId,
                settings,
                client: () => new (require("@google-cloud/firestore") as typeof import("@google-cloud/firestore")).Firestore(settings),
                clear,
                env: { FIRESTORE_EMULATOR_HOST: hostPort, GCLOUD_PROJECT: projectId },
            },
            close: clear,
        };
    },
};
