import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { FunctionArgs, Trigger } from "../../components/platform/types";

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

/** A component standing in for a pattern, so children have the parent they get in real use. */
export class Host extends pulumi.ComponentResource {
    constructor(name: string) {
        super("cloud-patterns:test:Host", name, {}, {});
    }
}

/** The settings document `functionArgs()` must produce, as JSON. */
export const EXPECTED_SETTINGS_JSON = JSON.stringify({ backends: [{ name: "users", url: "https://users.example.com" }], limit: 3 });
