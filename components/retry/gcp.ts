import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import { createGcpDeadLetterTopic } from "../platform/dead-letter-topic-gcp";
import { createGcpFunction, gcpRegion, GcpFunction, grantFunctionInvoker } from "../platform/function-gcp";
import { invokeOptions } from "../platform/function-settings";
import { enableGcpApis, FUNCTION_APIS, PROJECT_IAM_APIS } from "../platform/gcp-apis";
import { gcpResourceId, gcpServiceAccountId } from "../platform/naming";
import type { EnqueueSettingsDocument } from "../../handlers/retry/settings-document";
import { gcpLabels } from "../platform/tags";
import type { SettingsInput } from "../platform/types";
import { callerKeyOutput } from "../platform/front-door-auth";
import { CLOUD_TASKS_MAX_ATTEMPTS } from "./cloud-tasks-attempts";
import { enqueueBundle } from "./functions";
import type { RetryImplementation, RetryOutputs } from "./outputs";
import { ResolvedRetryArgs, workerSettings } from "./resolve";

/** Cloud Tasks caps an HTTP task at 1 MB; the producer sends the body as is. */
const CLOUD_TASKS_MAX_BODY_BYTES = 1_000_000;
const RECORDS_COLLECTION = "idempotency";

/** The GCP children of a Retry. */
export interface GcpRetry extends RetryOutputs {
    readonly queue: gcp.cloudtasks.Queue;
    /** Cloud Tasks has no dead-letter queue: the worker publishes here on a permanent error or its last attempt. */
    readonly deadLetterTopic: gcp.pubsub.Topic;
    /** Retains what reaches the dead-letter topic (a topic without a subscription drops messages). */
    readonly deadLetterSubscription: gcp.pubsub.Subscription;
    /** Fires while the subscription holds an undelivered dead letter. */
    readonly deadLetterAlarm: gcp.monitoring.AlertPolicy;
    /** The identity Cloud Tasks signs each task's OIDC token as; the only one allowed to invoke the worker. */
    readonly taskInvoker: gcp.serviceaccount.Account;
    readonly database?: gcp.firestore.Database;
    readonly worker: GcpFunction;
    readonly enqueue: GcpFunction;
}

/**
 * Cloud Tasks' retryConfig doubles from minBackoff up to maxBackoff: this many doublings reach the cap.
 * Cloud Tasks adds no jitter; the queue's rate limits keep retries from stampeding instead.
 */
export function maxDoublings(resolved: ResolvedRetryArgs): number {
    return Math.max(0, Math.ceil(Math.log2(resolved.maxBackoffSeconds / resolved.minBackoffSeconds)));
}

/**
 * A Cloud Tasks queue (backoff from the args, attempts unlimited, rate limits), a worker
 * Cloud Function only the queue's invoker identity may call (OIDC), a Pub/Sub dead-letter topic
 * with a retaining subscription, a Firestore database for idempotency records (TTL on
 * `expireAt`), and an enqueue function that creates tasks. IAM names only these resources.
 */
export const createGcpRetry: RetryImplementation<GcpRetry> = (name, resolved, componentOpts) => {
    const region = gcpRegion(`Retry '${name}'`, resolved.gcp.region);
    const apis = [
        ...FUNCTION_APIS,
        "cloudtasks.googleapis.com",
        "pubsub.googleapis.com",
        ...(resolved.idempotency ? ["firestore.googleapis.com", ...PROJECT_IAM_APIS] : []),
    ];
    const { opts } = enableGcpApis(name, apis, resolved.gcp.enableApis, componentOpts);
    const labels = gcpLabels(resolved.tags);
    const project = gcp.organizations.getClientConfigOutput(invokeOptions(opts)).project;

    const {
        topic: deadLetterTopic,
        subscription: deadLetterSubscription,
        alarm: deadLetterAlarm,
    } = createGcpDeadLetterTopic(`${name}-dead-letters`, resolved.alarmNotify, labels, opts);
    const queue = new gcp.cloudtasks.Queue(
        `${name}-queue`,
        {
            name: gcpResourceId(`${name}-queue`),
            location: region,
            retryConfig: {
                // Unlimited: the worker ends each task itself, only once the message is done or dead-lettered.
                maxAttempts: CLOUD_TASKS_MAX_ATTEMPTS,
                minBackoff: `${resolved.minBackoffSeconds}s`,
                maxBackoff: `${resolved.maxBackoffSeconds}s`,
                maxDoublings: maxDoublings(resolved),
                maxRetryDuration: "0s",
            },
            rateLimits: { maxDispatchesPerSecond: resolved.gcp.maxDispatchesPerSecond, maxConcurrentDispatches: resolved.concurrency },
            stackdriverLoggingConfig: { samplingRatio: 1 },
        },
        opts,
    );
    const taskInvoker = new gcp.serviceaccount.Account(
        `${name}-task-invoker`,
        {
            accountId: gcpServiceAccountId(`${name}-task-invoker`),
            displayName: `${name} Cloud Tasks invoker`,
            description: `Cloud Tasks signs ${name}'s tasks as this identity (cloud-patterns)`,
        },
        opts,
    );
    const database = resolved.idempotency
        ? new gcp.firestore.Database(
              `${name}-records`,
              {
                  name: gcpResourceId(`${name}-records`),
                  locationId: region,
                  type: "FIRESTORE_NATIVE",
                  deleteProtectionState: "DELETE_PROTECTION_DISABLED",
                  deletionPolicy: "DELETE",
              },
              opts,
          )
        : undefined;
    if (database) {
        new gcp.firestore.Field(
            `${name}-records-ttl`,
            { database: database.name, collection: RECORDS_COLLECTION, field: "expireAt", ttlConfig: {} },
            opts,
        );
    }

    const worker = createGcpFunction(
        `${name}-worker`,
        {
            bundle: resolved.worker,
            region,
            memoryMb: resolved.memoryMb,
            timeoutSeconds: resolved.functionTimeoutSeconds,
            maxInstances: resolved.concurrency,
            settings: workerSettings(
                name,
                resolved,
                { kind: "cloud-tasks", deadLetterTopic: pulumi.interpolate`projects/${project}/topics/${deadLetterTopic.name}` },
                database && { kind: "firestore", database: database.name, collection: RECORDS_COLLECTION },
            ),
            tags: resolved.tags,
            logRetentionDays: resolved.logRetentionDays,
        },
        opts,
    );
    grantFunctionInvoker(`${name}-worker-invoker`, worker.function, taskInvoker.member, opts);
    new gcp.pubsub.TopicIAMMember(
        `${name}-worker-dead-letter`,
        { topic: deadLetterTopic.name, role: "roles/pubsub.publisher", member: worker.serviceAccount.member },
        opts,
    );
    if (database) {
        new gcp.projects.IAMMember(
            `${name}-worker-records`,
            {
                project,
                role: "roles/datastore.user",
                member: worker.serviceAccount.member,
                // Firestore has no per-database IAM resource: a condition limits the grant to this database.
                condition: {
                    title: `${name} idempotency records`,
                    expression: pulumi.interpolate`resource.name == "projects/${project}/databases/${database.name}"`,
                },
            },
            opts,
        );
    }

    const enqueue = createGcpFunction(
        `${name}-enqueue`,
        {
            bundle: enqueueBundle(Cloud.Gcp),
            region,
            memoryMb: resolved.memoryMb,
            timeoutSeconds: 30,
            settings: {
                maxBodyBytes: CLOUD_TASKS_MAX_BODY_BYTES,
                queue: {
                    kind: "cloud-tasks",
                    queuePath: pulumi.interpolate`projects/${project}/locations/${region}/queues/${queue.name}`,
                    workerUrl: worker.url,
                    invokerServiceAccount: taskInvoker.email,
                },
            } satisfies SettingsInput<EnqueueSettingsDocument>,
            tags: resolved.tags,
            logRetentionDays: resolved.logRetentionDays,
        },
        opts,
    );
    new gcp.cloudtasks.QueueIamMember(
        `${name}-enqueue-tasks`,
        { name: queue.name, location: region, role: "roles/cloudtasks.enqueuer", member: enqueue.serviceAccount.member },
        opts,
    );
    // Creating a task that carries an OIDC token for the invoker identity requires acting as it.
    new gcp.serviceaccount.IAMMember(
        `${name}-enqueue-act-as-invoker`,
        { serviceAccountId: taskInvoker.name, role: "roles/iam.serviceAccountUser", member: enqueue.serviceAccount.member },
        opts,
    );
    (resolved.gcp.enqueueInvokers ?? []).forEach((member, i) =>
        grantFunctionInvoker(`${name}-enqueue-invoker-${i}`, enqueue.function, member, opts),
    );

    return {
        queue,
        deadLetterTopic,
        deadLetterSubscription,
        deadLetterAlarm,
        taskInvoker,
        ...(database && { database }),
        worker,
        enqueue,
        enqueueUrl: enqueue.url,
        apiKey: callerKeyOutput(undefined),
        queueName: queue.name,
        deadLetterName: deadLetterTopic.name,
    };
};
