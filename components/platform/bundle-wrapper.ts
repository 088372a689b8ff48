/**
 * The generated entry module of a bundle: imports the neutral handler and hands it to the
 * runtime adapter for its (cloud, trigger) pair, exported or registered the way that cloud's
 * runtime finds functions. esbuild reads it from stdin, so it is plain source text.
 */
import * as path from "node:path";
import { Cloud } from "../cloud";
import { PACKAGE_ROOT } from "./package-root";
import { BundleSpec, Trigger } from "./types";

/** Export name Cloud Functions gen2 is told to call (`entryPoint`); the bundle exports the function by it. */
export const GCP_ENTRY_POINT = "handler";

/**
 * The environment variable functions-framework reads the entry point's signature from. The bundle
 * exports its function rather than registering it (that would need the framework bundled), so a
 * CloudEvent function must be deployed with this set, or the framework calls it as HTTP.
 */
export const GCP_SIGNATURE_TYPE_ENV = "FUNCTION_SIGNATURE_TYPE";

/** The value of {@link GCP_SIGNATURE_TYPE_ENV} for a GCP function with this trigger. */
export function gcpSignatureType(trigger: Trigger): "http" | "cloudevent" {
    return trigger.kind === "pubsub" || trigger.kind === "firestore-document" ? "cloudevent" : "http";
}

const RUNTIMES_DIR = path.join(PACKAGE_ROOT, "handlers/runtimes");

/** Every HTTP method: the front door decides which routes exist, the function serves them all. */
const AZURE_HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/**
 * Cosmos DB change feed failures are retried without end (back-off up to 15 minutes), because
 * the change feed has no dead-letter queue: giving up would skip the documents silently.
 */
const COSMOS_CHANGE_FEED_RETRY = { strategy: "exponentialBackoff", maxRetryCount: -1, minimumInterval: 10_000, maximumInterval: 900_000 };

/** The adapter export of `handlers/runtimes/<cloud>.ts` (or its ADAPTER_MODULES entry) for each trigger a cloud has. */
const ADAPTERS: Record<Cloud, Partial<Record<Trigger["kind"], string>>> = {
    [Cloud.Aws]: { http: "lambdaHttp", sqs: "lambdaSqs", "dynamodb-stream": "lambdaDynamoDbStream" },
    [Cloud.Azure]: { http: "azureHttp", "service-bus-queue": "azureServiceBus", "cosmos-change-feed": "azureCosmosChangeFeed" },
    [Cloud.Gcp]: { http: "gcpHttp", pubsub: "gcpPubSub", "cloud-tasks": "gcpCloudTasks", "firestore-document": "gcpFirestoreDocument" },
};

/** Adapters kept out of `handlers/runtimes/<cloud>.ts`, so other functions do not carry their dependencies. */
const ADAPTER_MODULES: Partial<Record<Trigger["kind"], string>> = { "firestore-document": "gcp-firestore" };

/** Whether a function with this trigger can run on `cloud` (SQS only on AWS, Pub/Sub only on GCP, ...). */
export function triggerRunsOn(cloud: Cloud, trigger: Trigger): boolean {
    return ADAPTERS[cloud]?.[trigger.kind] !== undefined;
}

function adapterFor(cloud: Cloud, trigger: Trigger, functionName: string): string {
    const adapter = ADAPTERS[cloud]?.[trigger.kind];
    if (adapter === undefined) {
        const allowed = ADAPTERS[cloud] ? Object.keys(ADAPTERS[cloud]).join(", ") : "none";
        throw new Error(
            `bundle '${functionName}': trigger '${trigger.kind}' does not run on ${cloud}; triggers for ${cloud} are ${allowed}`,
        );
    }
    return adapter;
}

/** The wrapper's source. Every value spliced in is JSON-encoded, so no input can change its code. */
export function wrapperSource(spec: BundleSpec, cloud: Cloud, functionName: string): string {
    const adapter = adapterFor(cloud, spec.trigger, functionName);
    const lines = [
        `import { ${adapter} as adapt } from ${JSON.stringify(path.join(RUNTIMES_DIR, ADAPTER_MODULES[spec.trigger.kind] ?? cloud))};`,
        `import { ${spec.exportName} as userHandler } from ${JSON.stringify(spec.entry)};`,
        `if (typeof userHandler !== "function") {`,
        `  throw new Error(${JSON.stringify(`${functionName}: export '${spec.exportName}' of ${path.basename(spec.entry)} is not a function`)});`,
        `}`,
        `const wrapped = adapt(userHandler);`,
    ];
    if (cloud === Cloud.Azure) {
        lines.unshift(`import { app } from "@azure/functions";`);
        lines.push(azureRegistration(spec.trigger, functionName));
    } else {
        const name = cloud === Cloud.Gcp ? GCP_ENTRY_POINT : "handler";
        lines.push(`export const ${name} = wrapped;`);
    }
    return lines.join("\n") + "\n";
}

function azureRegistration(trigger: Trigger, functionName: string): string {
    const name = JSON.stringify(functionName);
    switch (trigger.kind) {
        case "http":
            return register("http", name, { methods: AZURE_HTTP_METHODS, authLevel: "function", route: "{*path}" });
        case "service-bus-queue": {
            const options = {
                connection: trigger.connection,
                queueName: trigger.queueName,
                cardinality: "one",
                ...(trigger.retry && {
                    retry: {
                        strategy: "exponentialBackoff",
                        maxRetryCount: trigger.retry.maxRetryCount,
                        minimumInterval: intervalMs(trigger.retry.minimumInterval, "retry.minimumInterval", functionName),
                        maximumInterval: intervalMs(trigger.retry.maximumInterval, "retry.maximumInterval", functionName),
                    },
                }),
            };
            return register("serviceBusQueue", name, options);
        }
        case "cosmos-change-feed": {
            const options = {
                connection: trigger.connection,
                databaseName: trigger.databaseName,
                containerName: trigger.containerName,
                leaseContainerName: trigger.leaseContainerName,
                // The component creates the lease container; identity-based connections cannot.
                createLeaseContainerIfNotExists: false,
                retry: COSMOS_CHANGE_FEED_RETRY,
            };
            return register("cosmosDB", name, options);
        }
        default:
            throw new Error(`bundle '${functionName}': no Azure registration for trigger '${trigger.kind}'`);
    }
}

function register(method: string, name: string, options: object): string {
    return `app.${method}(${name}, { ...${JSON.stringify(options)}, handler: wrapped });`;
}

/** A TimeSpan `hh:mm:ss` (what host.json and the Functions docs use) in milliseconds. */
function intervalMs(value: string, field: string, functionName: string): number {
    const match = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(value);
    if (!match)
        throw new Error(`bundle '${functionName}': trigger ${field} must be a TimeSpan 'hh:mm:ss' (e.g. '00:00:10'), got '${value}'`);
    const [hours, minutes, seconds] = match.slice(1).map(Number);
    return ((hours * 60 + minutes) * 60 + seconds) * 1000;
}
