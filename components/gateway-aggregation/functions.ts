/**
 * The function Gateway Aggregation deploys, as the bundler sees it. Components refer to
 * handlers only by path: the handler, and the merge module bundled under `cloud-patterns:merge`.
 */
import * as path from "node:path";
import { PACKAGE_ROOT } from "../platform/package-root";
import { BundleSpec } from "../platform/types";

const HANDLERS = path.join(PACKAGE_ROOT, "handlers/gateway-aggregation");

/** The specifier the handler imports its merge module by (handlers/gateway-aggregation/entries/aggregator.ts). */
export const MERGE_SPECIFIER = "cloud-patterns:merge";
/** The built-in merge: every backend's body under its name, plus the `degraded` list. */
export const DEFAULT_MERGE_MODULE = path.join(HANDLERS, "default-merge.ts");

/** The aggregator function, with the user's merge module or the built-in one. */
export function aggregatorBundle(mergeModule: string = DEFAULT_MERGE_MODULE): BundleSpec {
    return {
        entry: path.join(HANDLERS, "entries", "aggregator.ts"),
        exportName: "handler",
        trigger: { kind: "http" },
        userModules: { [MERGE_SPECIFIER]: mergeModule },
    };
}

/** For `npm run bundle`: every function of this pattern, by name. */
export const functions: Record<string, BundleSpec> = { "gateway-aggregation": aggregatorBundle() };
