/**
 * Wiring for a pattern that cannot run on this machine yet, with the reason per cloud: `dev`
 * lists it as skipped and says why, instead of pretending with an imitation.
 */
import { Cloud } from "../../../components/cloud";
import type { DevWiring } from "../wiring";

export function notLocal(className: string, why: Readonly<Record<Cloud, string>>): DevWiring {
    return {
        unavailable: (cloud) => why[cloud],
        prepare: () => Promise.reject(new Error(`${className} does not run locally`)),
    };
}

const RETRY_QUEUES =
    "the worker's queue has no local peer here (%s), and the project's delivery simulations drive the worker in-process with stand-in clients, not the deployed bundle";

/** Retry: the work queue and its redelivery are the cloud's. */
export const retryNotLocal = notLocal("Retry", {
    [Cloud.Aws]: RETRY_QUEUES.replace("%s", "SQS"),
    [Cloud.Azure]: RETRY_QUEUES.replace("%s", "Service Bus"),
    [Cloud.Gcp]: RETRY_QUEUES.replace("%s", "Cloud Tasks"),
});
