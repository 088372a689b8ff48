/**
 * With `source` on Azure: the EventSourcing's Event Grid topic -> an event subscription, delivered
 * with the topic's own managed identity (no keys), CloudEvents as published -> a Service Bus queue
 * of this component that triggers the projector. Event Grid retries a delivery it cannot make and
 * then dead-letters the event to a private blob container; the queue redelivers a message the
 * projector fails and dead-letters it after `azure.maxAttempts` deliveries. Both are alarmed on.
 */
import * as azn from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import { AzurePoisonStore, azurePoisonStore, POISON_CONTAINER } from "../event-sourcing/azure-poison-store";
import { AZURE_ROLES, assignAzureRole } from "../platform/azure-roles";
import { azureDeadLetterAlarm } from "../platform/dead-letter-alarm-azure";
import { invokeOptions } from "../platform/function-settings";
import { createServiceBusNamespace } from "../platform/service-bus-azure";
import { ArgsValidator } from "../platform/validate";
import { SERVICE_BUS_EVENTS } from "./functions";
import type { cqrsNames } from "./names";
import { checkEventGridTopicId, EVENT_GRID_TOPIC_ID, ResolvedCqrsArgs } from "./resolve";

export interface AzureEventFeed {
    /** Standard (duplicate detection needs it), TLS 1.2, local auth off. */
    readonly namespace: azn.servicebus.Namespace;
    /** `maxDeliveryCount` = `azure.maxAttempts`, then its dead-letter sub-queue; duplicate detection over the events' time to live. */
    readonly queue: azn.servicebus.Queue;
    /** Fires while the queue's dead-letter sub-queue holds a message. */
    readonly deadLetterAlarm: azn.monitor.MetricAlert;
    /** Events Event Grid could not deliver after its retries, with the alarm on every blob written there. */
    readonly undelivered: AzurePoisonStore;
    readonly subscription: azn.eventgrid.EventSubscription;
    /** The topic's identity: Azure Service Bus Data Sender on the queue, Storage Blob Data Contributor on the undelivered container. */
    readonly topicAccess: readonly azn.authorization.RoleAssignment[];
    /** The projector trigger's identity-based connection. */
    readonly connection: Record<string, pulumi.Output<string>>;
}

/** Event Grid's ceiling for both: 30 deliveries within a day (https://learn.microsoft.com/azure/event-grid/delivery-and-retry). */
const EVENT_GRID_ATTEMPTS = 30;
const EVENT_TTL_MINUTES = 1440;
/** Event Grid keeps a message id across its redeliveries: duplicates are caught over the event's whole time to live. */
const DUPLICATE_WINDOW = "P1D";
const MESSAGE_TIME_TO_LIVE = "P14D";
/** The Functions host renews the lock while the projector runs (25 s at most). */
const LOCK_DURATION = "PT1M";

export function createAzureEventFeed(
    name: string,
    resolved: ResolvedCqrsArgs,
    names: ReturnType<typeof cqrsNames>,
    resourceGroupName: pulumi.Output<string>,
    location: pulumi.Input<string> | undefined,
    opts: pulumi.CustomResourceOptions,
): AzureEventFeed {
    const { tags } = resolved;
    const namespace = createServiceBusNamespace(
        `${name}-events`,
        { namespaceName: names.serviceBusNamespace(), resourceGroupName, location, tags },
        opts,
    );
    const queue = new azn.servicebus.Queue(
        `${name}-events-queue`,
        {
            resourceGroupName,
            namespaceName: namespace.name,
            queueName: names.serviceBusQueue(SERVICE_BUS_EVENTS.queue),
            maxDeliveryCount: resolved.azure.maxAttempts,
            lockDuration: LOCK_DURATION,
            defaultMessageTimeToLive: MESSAGE_TIME_TO_LIVE,
            deadLetteringOnMessageExpiration: true,
            requiresDuplicateDetection: true,
            duplicateDetectionHistoryTimeWindow: DUPLICATE_WINDOW,
        },
        opts,
    );
    const deadLetterAlarm = azureDeadLetterAlarm(
        `${name}-events-dead-letters-alarm`,
        {
            resourceId: namespace.id,
            metricNamespace: "Microsoft.ServiceBus/namespaces",
            // The count of the queue's dead-letter sub-queue (Azure Monitor, supported metrics of Microsoft.ServiceBus/namespaces).
            metricName: "DeadletteredMessages",
            timeAggregation: "Maximum",
            dimensions: [{ name: "EntityName", values: [queue.name] }],
        },
        resolved.alarmNotify,
        resourceGroupName,
        tags,
        opts,
    );
    const undelivered = azurePoisonStore(name, { tags, alarmNotify: resolved.alarmNotify, azure: { location } }, resourceGroupName, opts);

    const topicId = pulumi.output(resolved.source!.eventsTopicId!).apply((id) => {
        checkEventGridTopicId(ArgsValidator.forComponent("Cqrs", name), id);
        return id;
    });
    const topicPrincipal = topicPrincipalId(name, topicId, opts);
    const topicAccess = [
        assignAzureRole(
            `${name}-topic-events-send`,
            { principalId: topicPrincipal, roleDefinitionGuid: AZURE_ROLES.serviceBusDataSender, scope: queue.id },
            opts,
        ),
        assignAzureRole(
            `${name}-topic-undelivered-write`,
            { principalId: topicPrincipal, roleDefinitionGuid: AZURE_ROLES.storageBlobDataContributor, scope: undelivered.container.id },
            opts,
        ),
    ];
    const identity = { type: azn.eventgrid.EventSubscriptionIdentityType.SystemAssigned };
    const subscription = new azn.eventgrid.EventSubscription(
        `${name}-events-subscription`,
        {
            scope: topicId,
            eventSubscriptionName: names.eventSubscription(),
            // The topic takes CloudEvents 1.0 (event-sourcing/azure.ts); each is delivered as one message, the event as its body.
            eventDeliverySchema: azn.eventgrid.EventDeliverySchema.CloudEventSchemaV1_0,
            deliveryWithResourceIdentity: { identity, destination: { endpointType: "ServiceBusQueue", resourceId: queue.id } },
            retryPolicy: { maxDeliveryAttempts: EVENT_GRID_ATTEMPTS, eventTimeToLiveInMinutes: EVENT_TTL_MINUTES },
            deadLetterWithResourceIdentity: {
                identity,
                deadLetterDestination: {
                    endpointType: "StorageBlob",
                    resourceId: undelivered.account.id,
                    blobContainerName: POISON_CONTAINER,
                },
            },
        },
        pulumi.mergeOptions(opts, { dependsOn: topicAccess }),
    );
    const fullyQualifiedNamespace = pulumi.interpolate`${namespace.name}.servicebus.windows.net`;
    return {
        namespace,
        queue,
        deadLetterAlarm,
        undelivered,
        subscription,
        topicAccess,
        connection: { [`${SERVICE_BUS_EVENTS.connection}__fullyQualifiedNamespace`]: fullyQualifiedNamespace },
    };
}

/** The topic's system-assigned identity, looked up from its id (a program in another language passes the id only). */
function topicPrincipalId(name: string, topicId: pulumi.Output<string>, opts: pulumi.CustomResourceOptions): pulumi.Output<string> {
    const resourceGroupName = topicId.apply((id) => EVENT_GRID_TOPIC_ID.exec(id)![1]);
    const topicName = topicId.apply((id) => EVENT_GRID_TOPIC_ID.exec(id)![2]);
    return azn.eventgrid.getTopicOutput({ resourceGroupName, topicName }, invokeOptions(opts)).apply((topic) => {
        const principalId = topic.identity?.principalId;
        if (!principalId) {
            throw new Error(
                `Cqrs '${name}': source's Event Grid topic ${topic.name} has no system-assigned identity to deliver to the queue with (an EventSourcing's topic has one)`,
            );
        }
        return principalId;
    });
}
