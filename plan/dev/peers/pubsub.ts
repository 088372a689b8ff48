import type { PubSub } from "@google-cloud/pubsub";
import { gcloudEmulator, startJavaEmulator, universeDomain, type EmulatorAddress } from "./gcloud-emulator";
import { java } from "./java";
import type { PeerBasics, PeerDefinition } from "./peer";

/** What the Pub/Sub emulator gives a suite: its own project, so topics never collide. */
export interface PubSubPeer extends PeerBasics {
    readonly host: string;
    readonly port: number;
    readonly projectId: string;
    /** A new client pointed at the peer (plain-text gRPC, no credentials); nothing read from process.env. */
    client(): PubSub;
}

const emulatorPath = "platform/pubsub-emulator/bin/cloud-pubsub-emulator";

/** gcloud's Pub/Sub emulator (Java). Gaps, as Google documents them: no IAM, no UpdateTopic/UpdateSnapshot, no retention or expiry settings. */
export const pubsub: PeerDefinition<EmulatorAddress, PubSubPeer> = {
    name: "pubsub",
    requires: [gcloudEmulator(emulatorPath, "google-cloud-cli-pubsub-emulator"), java],
    start: () => startJavaEmulator("pubsub", emulatorPath, (port) => ["--host=127.0.0.1", `--port=${port}`]),
    async open({ host, port, hostPort }, _options, namespace) {
        const projectId = `test-${namespace}`;
        return {
            handle: {
                endpoint: `http://${hostPort}`,
                namespace,
                host,
                port,
                projectId,
                client: () => {
                    const { PubSub } = require("@google-cloud/pubsub") as typeof import("@google-cloud/pubsub");
                    return new PubSub({ projectId, apiEndpoint: hostPort, emulatorMode: true, universeDomain });
                },
                env: { PUBSUB_EMULATOR_HOST: hostPort, PUBSUB_PROJECT_ID: projectId },
            },
        };
    },
};
