/** Evaluates an Ambassador under Pulumi mocks on one target. */
import * as pulumi from "@pulumi/pulumi";
import { Ambassador, AmbassadorArgs } from "../../components/ambassador";
import { evaluate, RecordedResource, valueOf } from "../../plan/mock-cloud";

export const STACK_CONFIG: Record<string, Record<string, string>> = {
    aws: { "cloud-patterns:cloud": "aws", "aws:region": "eu-west-1" },
    azure: { "cloud-patterns:cloud": "azure", "azure-native:location": "westeurope" },
    gcp: { "cloud-patterns:cloud": "gcp", "gcp:project": "cloud-patterns-dev", "gcp:region": "europe-west1" },
    kubernetes: { "cloud-patterns:cloud": "kubernetes" },
};

export const ARGS: AmbassadorArgs = {
    app: { image: "ghcr.io/acme/orders:1.4.2", port: 8080, env: { LOG_LEVEL: "info" } },
    upstreams: [
        { name: "payments", url: "https://api.payments.example.com/v2", timeoutMs: 10000, retries: { maxAttempts: 3 } },
        { name: "ledger", url: "http://ledger.internal:8081", localPort: 16000 },
    ],
    tags: { team: "orders" },
};

export const EXPECTED_TAGS = { "managed-by": "cloud-patterns", pattern: "ambassador", team: "orders" };

export interface Deployed {
    readonly resources: RecordedResource[];
    readonly component: Ambassador;
    readonly url: string;
    readonly serviceName: string;
    readonly sidecarConfig: string;
}

export async function deploy(
    target: string,
    args: Partial<AmbassadorArgs> = {},
    opts?: pulumi.ComponentResourceOptions,
): Promise<Deployed> {
    const { resources, result } = await evaluate(
        async () => {
            const component = new Ambassador("orders", { ...ARGS, ...args }, opts);
            return {
                component,
                url: await valueOf(component.url),
                serviceName: await valueOf(component.serviceName),
                sidecarConfig: await valueOf(component.sidecarConfig),
            };
        },
        { config: STACK_CONFIG[target] },
    );
    return { resources, ...result };
}

/** Builds an Ambassador whose construction must fail, and returns the error. */
export async function refusal(target: string, args: unknown): Promise<Error> {
    try {
        await evaluate(() => new Ambassador("orders", args as AmbassadorArgs), { config: STACK_CONFIG[target] });
    } catch (error) {
        return error as Error;
    }
    throw new Error("expected the Ambassador to refuse its args");
}
