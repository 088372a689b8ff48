import { googleRestCall } from "../../../handlers/stores/clients/google-rest";
import { pubSubRestTopic, type PubSubTopic } from "../../../handlers/stores/clients/pubsub-rest";
import { gcloudEmulator, startJavaEmulator, type EmulatorAddress } from "./gcloud-emulator";
import { java } from "./java";
import type { PeerBasics, PeerDefinition } from "./peer";

/** A message as a pull delivers it (already acknowledged). */
export interface PulledMessage {
    readonly messageId: string;
    readonly data: Buffer;
    readonly attributes: Readonly<Record<string, string>>;
    readonly orderingKey?: string;
}

/** What the Pub/Sub emulator gives a suite: its own project, so topics never collide, and the admin calls tests need, over REST. */
export interface PubSubPeer extends PeerBasics {
    readonly host: string;
    readonly port: number;
    readonly projectId: string;
    /** Creates a topic of the suite's project; returns its full name. */
    createTopic(name: string): Promise<string>;
    /** Creates a pull subscription to `topic` (a full name); returns its full name. */
    createSubscription(name: string, topic: string, options?: { readonly enableMessageOrdering?: boolean }): Promise<string>;
    /** The publishing client (handlers/stores/clients/pubsub-rest.ts) for a topic's full name, pointed at the peer. */
    topic(name: string): PubSubTopic;
    /** Every message the subscription (a full name) delivers within `ms`, acknowledged, in delivery order. */
    receive(subscription: string, ms: number): Promise<PulledMessage[]>;
}

const emulatorPath = "platform/pubsub-emulator/bin/cloud-pubsub-emulator";

interface PullAnswer {
    readonly receivedMessages?: readonly {
        readonly ackId: string;
        readonly message: {
            readonly messageId: string;
            readonly data?: string;
            readonly attributes?: Record<string, string>;
            readonly orderingKey?: string;
        };
    }[];
}

/** gcloud's Pub/Sub emulator (Java), spoken to over its REST API. Gaps, as Google documents them: no IAM, no UpdateTopic/UpdateSnapshot, no retention or expiry settings. */
export const pubsub: PeerDefinition<EmulatorAddress, PubSubPeer> = {
    name: "pubsub",
    requires: [gcloudEmulator(emulatorPath, "google-cloud-cli-pubsub-emulator"), java],
    start: () => startJavaEmulator("pubsub", emulatorPath, (port) => ["--host=127.0.0.1", `--port=${port}`]),
    async open({ host, port, hostPort }, _options, namespace) {
        const projectId = `test-${namespace}`;
        const endpoint = `http://${hostPort}`;
        const call = googleRestCall("Pub/Sub emulator", endpoint, { token: null });
        const receive = async (subscription: string, ms: number): Promise<PulledMessage[]> => {
            const received: PulledMessage[] = [];
            for (const until = Date.now() + ms; Date.now() < until;) {
                const { receivedMessages = [] } = await call<PullAnswer>(`${subscription}:pull`, {
                    maxMessages: 100,
                    returnImmediately: true,
                });
                if (receivedMessages.length === 0) {
                    await new Promise((resolve) => setTimeout(resolve, 100));
                    continue;
                }
                await call(`${subscription}:acknowledge`, { ackIds: receivedMessages.map((r) => r.ackId) });
                for (const { message } of receivedMessages)
                    received.push({
                        messageId: message.messageId,
                        data: Buffer.from(message.data ?? "", "base64"),
                        attributes: message.attributes ?? {},
                        ...(message.orderingKey && { orderingKey: message.orderingKey }),
                    });
            }
            return received;
        };
        return {
            handle: {
                endpoint,
                namespace,
                host,
                port,
                projectId,
                createTopic: async (name) => (await call<{ name: string }>(`projects/${projectId}/topics/${name}`, {}, "PUT")).name,
                createSubscription: async (name, topic, options = {}) =>
                    (await call<{ name: string }>(`projects/${projectId}/subscriptions/${name}`, { topic, ...options }, "PUT")).name,
                topic: (name) => pubSubRestTopic(name, { endpoint, token: null }),
                receive,
                env: { PUBSUB_EMULATOR_HOST: hostPort, PUBSUB_PROJECT_ID: projectId },
            },
        };
    },
};
