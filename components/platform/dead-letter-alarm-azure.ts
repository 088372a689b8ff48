import * as azn from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";

/** What an Azure dead-letter alarm watches: one metric of one resource, optionally one entity of it. */
export interface AzureDeadLetterMetric {
    /** The resource whose metric it is (a Service Bus namespace, a storage account). */
    readonly resourceId: pulumi.Input<string>;
    /** The resource type's metric namespace, e.g. `Microsoft.ServiceBus/namespaces`. */
    readonly metricNamespace: string;
    /** e.g. `ActiveMessages` (Service Bus), `Transactions` (Storage), `TotalRequests` (Cosmos DB). */
    readonly metricName: string;
    /** How the minute's values combine: `Count` for request counts such as Cosmos DB's `TotalRequests`. */
    readonly timeAggregation: "Maximum" | "Total" | "Count";
    /** Dimension filters, e.g. `EntityName` = the dead-letter queue. */
    readonly dimensions: readonly { readonly name: string; readonly values: pulumi.Input<string>[] }[];
}

/**
 * An Azure Monitor metric alert that fires as soon as the metric is above 0 over a minute,
 * evaluated every minute. `notify` is an action group's resource id; without it the alert still
 * fires and shows in the portal.
 */
export function azureDeadLetterAlarm(
    name: string,
    metric: AzureDeadLetterMetric,
    notify: pulumi.Input<string> | undefined,
    resourceGroupName: pulumi.Input<string>,
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>,
    opts: pulumi.CustomResourceOptions,
): azn.monitor.MetricAlert {
    return new azn.monitor.MetricAlert(
        name,
        {
            resourceGroupName,
            // Metric alerts are global resources.
            location: "global",
            description: `Dead letters are waiting (${metric.metricName} > 0): read, fix, and republish them`,
            severity: 2,
            enabled: true,
            autoMitigate: true,
            scopes: [metric.resourceId],
            evaluationFrequency: "PT1M",
            windowSize: "PT1M",
            criteria: {
                odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
                allOf: [
                    {
                        criterionType: "StaticThresholdCriterion",
                        name: "dead-letters",
                        metricNamespace: metric.metricNamespace,
                        metricName: metric.metricName,
                        timeAggregation: metric.timeAggregation,
                        operator: "GreaterThan",
                        threshold: 0,
                        dimensions: metric.dimensions.map((d) => ({ name: d.name, operator: "Include", values: d.values })),
                    },
                ],
            },
            actions: notify === undefined ? [] : [{ actionGroupId: notify }],
            tags,
        },
        opts,
    );
}
