import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { gcpDeadLetterAlarm } from "./dead-letter-alarm-gcp";
import { gcpResourceId } from "./naming";

/** Dead letters are kept 7 days, Pub/Sub's longest subscription retention. */
const DEAD_LETTER_RETENTION = "604800s";

/** A dead-letter topic, the subscription that holds what reaches it, and the alarm on that subscription. */
export interface GcpDeadLetterTopic {
    readonly topic: gcp.pubsub.Topic;
    readonly subscription: gcp.pubsub.Subscription;
    readonly alarm: gcp.monitoring.AlertPolicy;
}

/**
 * Children: `${name}` (the topic), `${name}-held` (its subscription) and `${name}-alarm`. A topic
 * without a subscription keeps nothing, so the subscription holds each dead letter whole for a week,
 * and never expires for inactivity (dead letters may sit unread for days).
 */
export function createGcpDeadLetterTopic(
    name: string,
    notify: pulumi.Input<string> | undefined,
    labels: pulumi.Input<Record<string, pulumi.Input<string>>>,
    opts: pulumi.CustomResourceOptions,
): GcpDeadLetterTopic {
    const topic = new gcp.pubsub.Topic(name, { name: gcpResourceId(name), messageRetentionDuration: DEAD_LETTER_RETENTION, labels }, opts);
    const subscription = new gcp.pubsub.Subscription(
        `${name}-held`,
        {
            name: gcpResourceId(`${name}-held`),
            topic: topic.name,
            messageRetentionDuration: DEAD_LETTER_RETENTION,
            retainAckedMessages: false,
            ackDeadlineSeconds: 60,
            expirationPolicy: { ttl: "" },
            labels,
        },
        opts,
    );
    return { topic, subscription, alarm: gcpDeadLetterAlarm(`${name}-alarm`, subscription, notify, labels, opts) };
}
