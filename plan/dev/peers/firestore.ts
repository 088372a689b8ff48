import { firestoreRestDatabase, type FirestoreDatabase, type FirestoreRestOptions } from "../../../handlers/stores/clients/firestore-rest";
import { gcloudEmulator, startJavaEmulator, type EmulatorAddress } from "./gcloud-emulator";
import { java } from "./java";
import type { PeerBasics, PeerDefinition } from "./peer";
import { httpRequest } from "./readiness";

/** What the Firestore emulator gives a suite: its own project, so suites never see each other's documents. */
export interface FirestorePeer extends PeerBasics {
    readonly host: string;
    readonly port: number;
    readonly projectId: string;
    /** Options for the REST client (handlers/stores/clients/firestore-rest.ts): the peer's endpoint, the suite's project, no token; nothing read from process.env. */
    readonly options: FirestoreRestOptions;
    /** The suite's project's `(default)` database, over the emulator's REST API. */
    client(): FirestoreDatabase;
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
        const endpoint = `http://${hostPort}`;
        // The emulator serves Firestore's REST API on its port, and takes calls without a token.
        const options: FirestoreRestOptions = { projectId, endpoint, token: null };
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
                options,
                client: () => firestoreRestDatabase("(default)", options),
                clear,
                env: { FIRESTORE_EMULATOR_HOST: hostPort, GCLOUD_PROJECT: projectId },
            },
            close: clear,
        };
    },
};
