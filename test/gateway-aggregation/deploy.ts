/** Evaluates a GatewayAggregation under Pulumi mocks, with the settings document it wrote. */
import { GatewayAggregation, GatewayAggregationArgs } from "../../components/gateway-aggregation";
import { readFunctionConfig } from "../../handlers/config";
import { AggregationSettings, parseSettings } from "../../handlers/gateway-aggregation/settings";
import { evaluate, RecordedResource, valueOf } from "../../plan/mock-cloud";

/** Stack config of each cloud's dev stack, as a user would set it. */
export const STACK_CONFIG: Record<string, Record<string, string>> = {
    aws: { "cloud-patterns:cloud": "aws", "aws:region": "eu-west-1" },
    azure: { "cloud-patterns:cloud": "azure", "azure-native:location": "westeurope" },
    gcp: { "cloud-patterns:cloud": "gcp", "gcp:project": "cloud-patterns-dev", "gcp:region": "europe-west1" },
};

export const BACKENDS: GatewayAggregationArgs["backends"] = [
    { name: "users", url: "https://users.example.com/users/{id}" },
    { name: "orders", url: "https://orders.example.com/orders?customer={id}", timeoutMs: 2000 },
    { name: "recommendations", url: "https://recs.example.com/related/{id}", timeoutMs: 500, required: false },
];

export interface Deployed {
    readonly resources: RecordedResource[];
    readonly component: GatewayAggregation;
    readonly url: string;
    readonly functionName: string;
}

export async function deploy(cloud: string, args: Partial<GatewayAggregationArgs> = {}): Promise<Deployed> {
    const { resources, result } = await evaluate(
        async () => {
            const component = new GatewayAggregation("agg", { backends: BACKENDS, tags: { team: "storefront" }, ...args });
            return { component, url: await valueOf(component.url), functionName: await valueOf(component.functionName) };
        },
        { config: STACK_CONFIG[cloud] },
    );
    return { resources, ...result };
}

/** The settings document as the deployed handler reads it (and so: proof it accepts it). */
export function handlerSettings(document: string): AggregationSettings {
    return readFunctionConfig(parseSettings, { CLOUD_PATTERNS_CONFIG: document });
}

/** The expected CLOUD_PATTERNS_CONFIG for {@link BACKENDS} with the defaults. */
export const EXPECTED_SETTINGS = {
    route: "GET /aggregate/{id}",
    timeoutMs: 10000,
    backends: [
        { name: "users", url: "https://users.example.com/users/{id}", timeoutMs: 10000, required: true },
        { name: "orders", url: "https://orders.example.com/orders?customer={id}", timeoutMs: 2000, required: true },
        { name: "recommendations", url: "https://recs.example.com/related/{id}", timeoutMs: 500, required: false },
    ],
};

export const EXPECTED_TAGS = { "managed-by": "cloud-patterns", pattern: "gateway-aggregation", team: "storefront" };
