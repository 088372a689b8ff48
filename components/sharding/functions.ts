/**
 * The router function, as the bundler sees it: one entry per store kind, so a bundle carries one
 * database SDK (handlers/sharding/settings-document.ts lists them). Components refer to handlers by path only.
 */
import * as path from "node:path";
import { PACKAGE_ROOT } from "../platform/package-root";
import type { PatternFunctions } from "../platform/bundle";
import type { BundleSpec } from "../platform/types";

const ENTRIES = path.join(PACKAGE_ROOT, "handlers/sharding/entries");

/** The database a router is bundled for. */
export type RouterStore = "dynamodb" | "cosmos" | "spanner" | "postgres";

export function routerBundle(store: RouterStore): BundleSpec {
    return { entry: path.join(ENTRIES, `${store}-router.ts`), exportName: "handler", trigger: { kind: "http" } };
}

/** For `npm run bundle`: the router of each store, on the clouds that store is on. */
export const functions: PatternFunctions = {
    "sharding-router-dynamodb": { aws: routerBundle("dynamodb") },
    "sharding-router-cosmos": { azure: routerBundle("cosmos") },
    "sharding-router-spanner": { gcp: routerBundle("spanner") },
    "sharding-router-postgres": routerBundle("postgres"),
};
