import * as azn from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import { assignAzureRole, AZURE_ROLES } from "../platform/azure-roles";
import { azureDeadLetterAlarm } from "../platform/dead-letter-alarm-azure";
import { azureResourceGroup } from "../platform/azure-resource-group";
import { AzureFunctionApp, createAzureFunctionApp } from "../platform/function-azure";
import type { EnqueueSettingsDocument } from "../../handlers/retry/settings-document";
import { azureCosmosAccountName, azureDnsName, stableGuid } from "../platform/naming";
import type { SettingsInput } from "../platform/types";
import { defaultFunctionKey } from "../platform/http-azure";
import { createServiceBusNamespace } from "../platform/service-bus-azure";
import { enqueueBundle, SERVICE_BUS_CONNECTION, SERVICE_BUS_WORK_QUEUE as WORK_QUEUE } from "./functions";
import type { RetryImplementation, RetryOutputs } from "./outputs";
import { workerSettings } from "./resolve";

/** Service Bus Standard caps a message at 256 KiB. */
const SERVICE_BUS_MAX_BODY_BYTES = 262_144;
const MESSAGE_TIME_TO_LIVE = "P14D";
/** The Functions host renews the lock while the function runs; a short lock frees a crashed delivery sooner. */
const LOCK_DURATION = "PT1M";
/** Built-in "Cosmos DB Built-in Data Contributor" data-plane role. */
const COSMOS_DATA_CONTRIBUTOR = "00000000-0000-0000-0000-000000000002";
const RECORDS_DATABASE = "retry";
const DEAD_LETTER_QUEUE = "dead-letters";
const RECORDS_CONTAINER = "idempotency";

/** The Azure children of a Retry. */
export interface AzureRetry extends RetryOutputs {
    readonly resourceGroup?: azn.resources.ResourceGroup;
    readonly namespace: azn.servicebus.Namespace;
    readonly queue: azn.servicebus.Queue;
    /** Holds the worker's dead letters and, forwarded, the queue's own. */
    readonly deadLetterQueue: azn.servicebus.Queue;
    /** Fires while the dead-letter queue holds a message. */
    readonly deadLetterAlarm: azn.monitor.MetricAlert;
    readonly cosmosAccount?: azn.cosmosdb.DatabaseAccount;
    readonly recordsContainer?: azn.cosmosdb.SqlResourceSqlContainer;
    readonly worker: AzureFunctionApp;
    readonly enqueue: AzureFunctionApp;
}

/**
 * A Service Bus Standard namespace (TLS 1.2, local auth off) with the work queue
 * (maxDeliveryCount = maxAttempts, duplicate detection, dead letters forwarded to the
 * dead-letter queue), a worker function app triggered by the queue through its managed identity,
 * serverless Cosmos DB idempotency records, and an enqueue function app (function key).
 * Role assignments name only these queues and this container.
 */
export const createAzureRetry: RetryImplementation<AzureRetry> = (name, resolved, opts) => {
    const tags = resolved.tags;
    const { resourceGroup, resourceGroupName, location } = azureResourceGroup(name, resolved.azure, tags, opts);

    const namespace = createServiceBusNamespace(
        `${name}-bus`,
        { namespaceName: azureDnsName(`${name}-bus`, 50), resourceGroupName, location, tags },
        opts,
    );
    const deadLetterQueue = new azn.servicebus.Queue(
        `${name}-dead-letters`,
        {
            resourceGroupName,
            namespaceName: namespace.name,
            queueName: DEAD_LETTER_QUEUE,
            defaultMessageTimeToLive: MESSAGE_TIME_TO_LIVE,
            lockDuration: LOCK_DURATION,
        },
        opts,
    );
    // Dead letters arrive in this queue as active messages (the work queue forwards its own here).
    const deadLetterAlarm = azureDeadLetterAlarm(
        `${name}-dead-letters-alarm`,
        {
            resourceId: namespace.id,
            metricNamespace: "Microsoft.ServiceBus/namespaces",
            metricName: "ActiveMessages",
            timeAggregation: "Maximum",
            dimensions: [{ name: "EntityName", values: [deadLetterQueue.name] }],
        },
        resolved.alarmNotify,
        resourceGroupName,
        tags,
        opts,
    );
    const queue = new azn.servicebus.Queue(
        `${name}-queue`,
        {
            resourceGroupName,
            namespaceName: namespace.name,
            queueName: WORK_QUEUE,
            maxDeliveryCount: resolved.maxAttempts,
            lockDuration: LOCK_DURATION,
            defaultMessageTimeToLive: MESSAGE_TIME_TO_LIVE,
            deadLetteringOnMessageExpiration: true,
            forwardDeadLetteredMessagesTo: deadLetterQueue.name,
            requiresDuplicateDetection: true,
            duplicateDetectionHistoryTimeWindow: "PT10M",
        },
        opts,
    );

    let cosmosAccount: azn.cosmosdb.DatabaseAccount | undefined;
    let recordsContainer: azn.cosmosdb.SqlResourceSqlContainer | undefined;
    if (resolved.idempotency) {
        cosmosAccount = new azn.cosmosdb.DatabaseAccount(
            `${name}-cosmos`,
            {
                accountName: azureCosmosAccountName(`${name}-cosmos`),
                resourceGroupName,
                location,
                databaseAccountOfferType: "Standard",
                locations: [{ locationName: location, failoverPriority: 0 }],
                capabilities: [{ name: "EnableServerless" }],
                minimalTlsVersion: "Tls12",
                disableLocalAuth: true,
                tags,
            },
            opts,
        );
        const database = new azn.cosmosdb.SqlResourceSqlDatabase(
            `${name}-records-db`,
            { resourceGroupName, accountName: cosmosAccount.name, databaseName: RECORDS_DATABASE, resource: { id: RECORDS_DATABASE } },
            opts,
        );
        recordsContainer = new azn.cosmosdb.SqlResourceSqlContainer(
            `${name}-records`,
            {
                resourceGroupName,
                accountName: cosmosAccount.name,
                databaseName: database.name,
                containerName: RECORDS_CONTAINER,
                // defaultTtl -1: items expire by their own `ttl` field.
                resource: { id: RECORDS_CONTAINER, partitionKey: { paths: ["/id"], kind: "Hash", version: 2 }, defaultTtl: -1 },
            },
            opts,
        );
    }

    const fullyQualifiedNamespace = pulumi.interpolate`${namespace.name}.servicebus.windows.net`;
    const appArgs = { resourceGroupName, location, memoryMb: resolved.memoryMb, tags, logRetentionDays: resolved.logRetentionDays };
    const worker = createAzureFunctionApp(
        `${name}-worker`,
        {
            ...appArgs,
            bundle: resolved.worker,
            timeoutSeconds: resolved.functionTimeoutSeconds,
            maxInstances: resolved.concurrency,
            settings: workerSettings(
                name,
                resolved,
                {
                    kind: "service-bus",
                    namespace: fullyQualifiedNamespace,
                    queueName: queue.name,
                    deadLetterQueueName: deadLetterQueue.name,
                },
                cosmosAccount && {
                    kind: "cosmos",
                    endpoint: cosmosAccount.documentEndpoint,
                    database: RECORDS_DATABASE,
                    container: RECORDS_CONTAINER,
                },
            ),
            environment: { [`${SERVICE_BUS_CONNECTION}__fullyQualifiedNamespace`]: fullyQualifiedNamespace },
        },
        opts,
    );
    // The worker receives from the queue, schedules delayed retries on it, and sends dead letters.
    assignAzureRole(
        `${name}-worker-receive`,
        { principalId: worker.principalId, roleDefinitionGuid: AZURE_ROLES.serviceBusDataReceiver, scope: queue.id },
        opts,
    );
    assignAzureRole(
        `${name}-worker-reschedule`,
        { principalId: worker.principalId, roleDefinitionGuid: AZURE_ROLES.serviceBusDataSender, scope: queue.id },
        opts,
    );
    assignAzureRole(
        `${name}-worker-dead-letter`,
        { principalId: worker.principalId, roleDefinitionGuid: AZURE_ROLES.serviceBusDataSender, scope: deadLetterQueue.id },
        opts,
    );
    if (cosmosAccount && recordsContainer) {
        new azn.cosmosdb.SqlResourceSqlRoleAssignment(
            `${name}-worker-records`,
            {
                resourceGroupName,
                accountName: cosmosAccount.name,
                roleAssignmentId: stableGuid(`${name}-worker-records`),
                roleDefinitionId: pulumi.interpolate`${cosmosAccount.id}/sqlRoleDefinitions/${COSMOS_DATA_CONTRIBUTOR}`,
                principalId: worker.principalId,
                scope: pulumi.interpolate`${cosmosAccount.id}/dbs/${RECORDS_DATABASE}/colls/${RECORDS_CONTAINER}`,
            },
            opts,
        );
    }

    const enqueue = createAzureFunctionApp(
        `${name}-enqueue`,
        {
            ...appArgs,
            bundle: enqueueBundle(Cloud.Azure),
            timeoutSeconds: 30,
            settings: {
                maxBodyBytes: SERVICE_BUS_MAX_BODY_BYTES,
                queue: { kind: "service-bus", namespace: fullyQualifiedNamespace, queueName: queue.name },
            } satisfies SettingsInput<EnqueueSettingsDocument>,
        },
        opts,
    );
    assignAzureRole(
        `${name}-enqueue-send`,
        { principalId: enqueue.principalId, roleDefinitionGuid: AZURE_ROLES.serviceBusDataSender, scope: queue.id },
        opts,
    );

    return {
        ...(resourceGroup && { resourceGroup }),
        namespace,
        queue,
        deadLetterQueue,
        deadLetterAlarm,
        ...(cosmosAccount && { cosmosAccount }),
        ...(recordsContainer && { recordsContainer }),
        worker,
        enqueue,
        enqueueUrl: pulumi.interpolate`${enqueue.url}/enqueue`,
        apiKey: defaultFunctionKey(`${name}-enqueue (Azure Functions)`, enqueue.app, resourceGroupName, opts, enqueue.storageAccess),
        queueName: queue.name,
        deadLetterName: deadLetterQueue.name,
    };
};
