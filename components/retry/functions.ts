/**
 * The functions Retry deploys, as the bundler sees them. Components refer to handlers only by
 * path: the per-cloud worker and enqueue entries, and the user's worker module bundled under
 * `cloud-patterns:retry-worker` (the built-in HTTP worker when a `targetUrl` is given).
 */
import * as path from "node:path";
import { Cloud } from "../cloud";
import type { PatternFunctions } from "../platform/bundle";
import { PACKAGE_ROOT } from "../platform/package-root";
import { BundleSpec, Trigger } from "../platform/types";

const HANDLERS = path.join(PACKAGE_ROOT, "handlers/retry");

/** The specifier the worker entries import the user's module by (handlers/retry/worker-module.d.ts). */
export const WORKER_SPECIFIER = "cloud-patterns:retry-worker";
/** The built-in worker that POSTs each message to `targetUrl`. */
export const HTTP_TARGET_WORKER = path.join(HANDLERS, "http-target.ts");

/** The worker of `cloud`, running `workerModule` (default: the HTTP target worker). */
export function workerBundle(cloud: Cloud, trigger: Trigger, workerModule: string = HTTP_TARGET_WORKER): BundleSpec {
    return {
        entry: path.join(HANDLERS, "entries", `${cloud}-worker.ts`),
        exportName: "retryWorker",
        trigger,
        userModules: { [WORKER_SPECIFIER]: workerModule },
    };
}

/** The Service Bus work queue's name: fixed, since the worker's trigger names it in the bundle before any output is known. */
export const SERVICE_BUS_WORK_QUEUE = "work";

/** The Service Bus trigger's app-setting prefix; `<prefix>__fullyQualifiedNamespace` makes it identity-based. */
export const SERVICE_BUS_CONNECTION = "RetryServiceBus";

/** The trigger of the worker on each cloud: its queue (Azure's names the queue in the bundle). */
const WORKER_TRIGGERS: Record<Cloud, Trigger> = {
    [Cloud.Aws]: { kind: "sqs" },
    [Cloud.Azure]: { kind: "service-bus-queue", queueName: SERVICE_BUS_WORK_QUEUE, connection: SERVICE_BUS_CONNECTION },
    [Cloud.Gcp]: { kind: "cloud-tasks" },
};

/** The worker as deployed on `cloud`: its queue's trigger, running `workerModule`. */
export function cloudWorkerBundle(cloud: Cloud, workerModule?: string): BundleSpec {
    return workerBundle(cloud, WORKER_TRIGGERS[cloud], workerModule);
}

/** The HTTP function behind `enqueueUrl` on `cloud`. */
export function enqueueBundle(cloud: Cloud): BundleSpec {
    return { entry: path.join(HANDLERS, "entries", `${cloud}-enqueue.ts`), exportName: "enqueue", trigger: { kind: "http" } };
}

/** For `npm run bundle`: the worker and the enqueue function, each built for the cloud it runs on (Azure's queue name as deployed). */
export const functions: PatternFunctions = {
    "retry-worker": {
        [Cloud.Aws]: cloudWorkerBundle(Cloud.Aws),
        [Cloud.Azure]: cloudWorkerBundle(Cloud.Azure),
        [Cloud.Gcp]: cloudWorkerBundle(Cloud.Gcp),
    },
    "retry-enqueue": {
        [Cloud.Aws]: enqueueBundle(Cloud.Aws),
        [Cloud.Azure]: enqueueBundle(Cloud.Azure),
        [Cloud.Gcp]: enqueueBundle(Cloud.Gcp),
    },
};
