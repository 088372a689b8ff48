/**
 * The router function, as the bundler sees it: one entry per store kind, so a bundle carries one
 * database SDK, and on PostgreSQL one per cloud, so it carries that cloud's sign-in code only (handlers/sharding/settings-document.ts lists them). Components refer to handlers by path only.
 */
import * as path from "node:path";
import { Cloud } from "../cloud";
import { PACKAGE_ROOT } from "../platform/package-root";
import type { PatternFunctions } from "../platform/bundle";
import type { BundleSpec } from "../platform/types";

const ENTRIES = path.join(PACKAGE_ROOT, "handlers/sharding/entries");

/** The database a router is bundled for. */
export type RouterStore = "dynamodb" | "cosmos" | "spanner" | "postgres";

export function routerBundle(store: RouterStore, cloud: Cloud): BundleSpec {
    const file = store === "postgres" ? `${cloud}-postgres-router.ts` : `${store}-router.ts`;
    return { entry: path.join(ENTRIES, file), exportName: "handler", trigger: { kind: "http" } };
}

/** For `npm run bundle`: the router of each store, on the clouds that store is on. */
export const functions: PatternFunctions = {
    "sharding-router-dynamodb": { [Cloud.Aws]: routerBundle("dynamodb", Cloud.Aws) },
    "sharding-router-cosmos": { [Cloud.Azure]: routerBundle("cosmos", Cloud.Azure) },
    "sharding-router-spanner": { [Cloud.Gcp]: routerBundle("spanner", Cloud.Gcp) },
    "sharding-router-postgres": Object.fromEntries(Object.values(Cloud).map((cloud) => [cloud, routerBundle("postgres", cloud)])),
};
