import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";

/**
 * A Cloud Monitoring alert policy that fires as soon as the subscription holding a dead-letter
 * topic's messages has one undelivered (`pubsub.googleapis.com/subscription/num_undelivered_messages`,
 * the most over a minute, above 0). `notify` is a notification channel's name
 * (`projects/<p>/notificationChannels/<id>`); without it the policy still opens incidents in the console.
 */
export function gcpDeadLetterAlarm(
    name: string,
    subscription: gcp.pubsub.Subscription,
    notify: pulumi.Input<string> | undefined,
    labels: pulumi.Input<Record<string, pulumi.Input<string>>>,
    opts: pulumi.CustomResourceOptions,
): gcp.monitoring.AlertPolicy {
    return new gcp.monitoring.AlertPolicy(
        name,
        {
            displayName: pulumi.interpolate`Dead letters waiting in ${subscription.name}`,
            combiner: "OR",
            conditions: [
                {
                    displayName: "undelivered dead letters > 0",
                    conditionThreshold: {
                        filter: pulumi.interpolate`resource.type = "pubsub_subscription" AND resource.labels.subscription_id = "${subscription.name}" AND metric.type = "pubsub.googleapis.com/subscription/num_undelivered_messages"`,
                        comparison: "COMPARISON_GT",
                        thresholdValue: 0,
                        duration: "0s",
                        aggregations: [{ alignmentPeriod: "60s", perSeriesAligner: "ALIGN_MAX" }],
                        trigger: { count: 1 },
                    },
                },
            ],
            documentation: {
                content: pulumi.interpolate`Messages reached the dead-letter subscription ${subscription.name}: read, fix, and republish them.`,
                mimeType: "text/markdown",
            },
            notificationChannels: notify === undefined ? [] : [notify],
            userLabels: labels,
        },
        opts,
    );
}
