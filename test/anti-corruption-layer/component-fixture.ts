/** Args and helpers shared by the AntiCorruptionLayer mock tests of each cloud. */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { AntiCorruptionLayer, AntiCorruptionLayerArgs } from "../../components/anti-corruption-layer";
import { Cloud } from "../../components/cloud";
import { evaluate, RecordedResource } from "../../plan/mock-cloud";

export const PASSWORD = "hunter2-legacy";
export const TRANSLATOR_MODULE = path.resolve(__dirname, "../fixtures/anti-corruption-layer/order-translator.ts");

export function aclArgs(overrides: Partial<AntiCorruptionLayerArgs> = {}): AntiCorruptionLayerArgs {
    return {
        legacy: {
            endpoint: "https://erp.internal/OrderService.asmx",
            namespace: "urn:legacy-orders",
            credentials: { username: "acl-svc", password: PASSWORD },
        },
        operations: {
            "GET /orders/{id}": { operation: "GetOrder", parameters: { OrderId: { source: "path.id" } } },
            "POST /orders": { operation: "CreateOrder", body: true },
        },
        tags: { team: "orders" },
        ...overrides,
    };
}

export interface Evaluated {
    readonly resources: RecordedResource[];
    readonly url: string;
    readonly functionName: string;
}

/** Evaluates one AntiCorruptionLayer on `cloud` under mocks, with its outputs resolved. */
export async function evaluateAcl(
    cloud: Cloud,
    args: AntiCorruptionLayerArgs = aclArgs(),
    config: Record<string, string> = {},
): Promise<Evaluated> {
    const { resources, result } = await evaluate(
        async () => {
            const acl = new AntiCorruptionLayer("orders-acl", { ...args, cloud });
            const [url, functionName] = await new Promise<[string, string]>((resolve) =>
                pulumi.all([acl.url, acl.functionName]).apply(resolve),
            );
            return { url, functionName };
        },
        {
            config: {
                "aws:region": "us-east-1",
                "gcp:region": "us-central1",
                "gcp:project": "mock-project",
                "azure-native:location": "westeurope",
                ...config,
            },
        },
    );
    return { resources, ...result };
}

/** The settings document the function was given, parsed from its environment. */
export function settingsOf(environment: Record<string, string>): Record<string, any> {
    return JSON.parse(environment.CLOUD_PATTERNS_CONFIG);
}
