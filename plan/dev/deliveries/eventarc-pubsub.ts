/**
 * An Eventarc Pub/Sub trigger, locally: the trigger's subscription on the Pub/Sub emulator, each
 * message pushed to the function's host as Eventarc pushes it to a Cloud Functions (2nd gen)
 * CloudEvent function: an HTTP POST in binary content mode (`ce-id` the message id, `ce-type`
 * `google.cloud.pubsub.topic.v1.messagePublished`, `ce-source` the topic's
 * `//pubsub.googleapis.com/` name, `ce-time` the publish time) whose body is the
 * MessagePublishedData `{ message, subscription }`. A 2xx acknowledges the message; anything else
 * leaves it to be delivered again (the stack's `RETRY_POLICY_RETRY`), with `deliveryAttempt`
 * counted as a subscription with a dead-letter policy counts it.
 */
import { googleRestCall } from "../../../handlers/stores/clients/google-rest";
import { pollLoop, type PollLoop } from "./poll-loop";

interface Pulled {
    readonly receivedMessages?: readonly {
        readonly ackId: string;
        readonly message: {
            readonly messageId: string;
            readonly publishTime: string;
            readonly data?: string;
            readonly attributes?: Record<string, string>;
        };
    }[];
}

export interface EventarcTrigger {
    /** The emulator's `http://host:port`. */
    readonly endpoint: string;
    /** The topic's and the trigger subscription's full names (the subscription made on the emulator). */
    readonly topic: string;
    readonly subscription: string;
}

export function startEventarcPubSub(trigger: EventarcTrigger, hostUrl: string, log: (line: string) => void): PollLoop {
    const call = googleRestCall("Pub/Sub emulator", trigger.endpoint, { token: null });
    const attempts = new Map<string, number>();
    return pollLoop(
        async () => {
            const { receivedMessages = [] } = await call<Pulled>(`${trigger.subscription}:pull`, {
                maxMessages: 10,
                returnImmediately: true,
            });
            for (const { ackId, message } of receivedMessages) {
                const attempt = (attempts.get(message.messageId) ?? 0) + 1;
                attempts.set(message.messageId, attempt);
                const answer = await fetch(hostUrl, {
                    method: "POST",
                    headers: {
                        "content-type": "application/json",
                        "ce-specversion": "1.0",
                        "ce-id": message.messageId,
                        "ce-type": "google.cloud.pubsub.topic.v1.messagePublished",
                        "ce-source": `//pubsub.googleapis.com/${trigger.topic}`,
                        "ce-time": message.publishTime,
                    },
                    body: JSON.stringify({ message: { ...message, deliveryAttempt: attempt }, subscription: trigger.subscription }),
                });
                await answer.arrayBuffer();
                if (answer.ok) {
                    attempts.delete(message.messageId);
                    await call(`${trigger.subscription}:acknowledge`, { ackIds: [ackId] });
                    log(`eventarc: message ${message.messageId} -> projector ${answer.status} (acknowledged)`);
                } else {
                    // A zero ack deadline hands the message back at once; the next poll delivers it again.
                    await call(`${trigger.subscription}:modifyAckDeadline`, { ackIds: [ackId], ackDeadlineSeconds: 0 });
                    log(`eventarc: message ${message.messageId} -> projector ${answer.status} (attempt ${attempt}; delivered again)`);
                }
            }
        },
        (message) => log(`eventarc: ${message}`),
    );
}
