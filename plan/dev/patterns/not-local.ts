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

/** CQRS: no real peer for any cloud's read store. */
export const cqrsNotLocal = notLocal("Cqrs", {
    [Cloud.Aws]: "its read store is OpenSearch, which has no local peer here (the tests answer from its documented shapes)",
    [Cloud.Azure]: "its read store is Azure AI Search, which has no local peer",
    [Cloud.Gcp]: "its read store is BigQuery, which has no local peer",
});
