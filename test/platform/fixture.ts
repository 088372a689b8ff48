import { strict as assert } from "node:assert";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { FunctionArgs, Trigger } from "../../components/platform/types";
import { RecordedResource } from "../../plan/mock-cloud";
import { inventory, only } from "../support/resources";

export const HANDLER = path.resolve(__dirname, "../fixtures/platform/handler.ts");

/** Neutral function args as a pattern would pass them. */
export function functionArgs(overrides: Partial<FunctionArgs> = {}, trigger: Trigger = { kind: "http" }): FunctionArgs {
    return {
        bundle: { entry: HANDLER, exportName: trigger.kind === "http" || trigger.kind === "cloud-tasks" ? "hello" : "consume", trigger },
        memoryMb: 256,
        timeoutSeconds: 20,
        settings: { backends: [{ name: "users", url: pulumi.output("https://users.example.com") }], limit: 3 },
        environment: { EXTRA: "yes" },
        tags: { "managed-by": "cloud-patterns", pattern: "gateway-aggregation", team: "Payments Team" },
        ...overrides,
    };
}

/** The API Management args every front door test shares, beside the routes, app, timeout, tags and auth. */
export const APIM_SERVICE = { resourceGroupName: "rg-patterns", publisherEmail: "ops@example.com", publisherName: "Ops" } as const;

/** A component standing in for a pattern, so children have the parent they get in real use. */
export class Host extends pulumi.ComponentResource {
    constructor(name: string) {
        super("cloud-patterns:test:Host", name, {}, {});
    }
}

/** The settings document `functionArgs()` must produce, as JSON. */
export const EXPECTED_SETTINGS_JSON = JSON.stringify({ backends: [{ name: "users", url: "https://users.example.com" }], limit: 3 });

/**
 * `type name` of the custom resources named `${prefix}...`, sorted, after checking that each of
 * them is a direct child of the {@link Host} (the pattern component in real use).
 */
export function childrenOf(resources: readonly RecordedResource[], prefix: string): string[] {
    const host = only(resources, "cloud-patterns:test:Host");
    const children = resources.filter((r) => r.custom && r.name.startsWith(prefix));
    for (const child of children) assert.equal(child.parent, host.urn, `${child.name} is a child of the pattern`);
    return inventory(children);
}
