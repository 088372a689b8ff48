/**
 * The functions CQRS deploys, as the bundler sees them: the command, projector and query function
 * of each cloud, with the user's command and projection modules. Components refer to handlers by path only.
 */
import * as path from "node:path";
import { Cloud } from "../cloud";
import { PACKAGE_ROOT } from "../platform/package-root";
import type { PatternFunctions } from "../platform/bundle";
import { BundleSpec, Trigger } from "../platform/types";

const HANDLERS = path.join(PACKAGE_ROOT, "handlers/cqrs");

export const COMMAND_SPECIFIER = "cloud-patterns:cqrs-command";
export const PROJECTION_SPECIFIER = "cloud-patterns:cqrs-projection";
export const DEFAULT_COMMAND_MODULE = path.join(HANDLERS, "default-command.ts");
export const DEFAULT_PROJECTION_MODULE = path.join(HANDLERS, "default-projection.ts");

export type CqrsRole = "command" | "projector" | "query";

/** The user modules every entry resolves (functions.ts imports both; each function uses its own). */
function modules(commandModule: string | undefined, projectionModule: string | undefined): Record<string, string> {
    return {
        [COMMAND_SPECIFIER]: commandModule ?? DEFAULT_COMMAND_MODULE,
        [PROJECTION_SPECIFIER]: projectionModule ?? DEFAULT_PROJECTION_MODULE,
    };
}

export function cqrsBundle(cloud: Cloud, role: CqrsRole, trigger: Trigger, commandModule?: string, projectionModule?: string): BundleSpec {
    return {
        entry: path.join(HANDLERS, "entries", `${cloud}-${role}.ts`),
        exportName: "handler",
        trigger,
        userModules: modules(commandModule, projectionModule),
    };
}

/** The app-setting prefix of the change feed trigger's identity-based Cosmos DB connection. */
export const COSMOS_CONNECTION = "WRITES_COSMOS";

/** The Cosmos DB names the Azure write model uses. */
export const COSMOS_NAMES = { database: "cqrs", leases: "leases", deadLetters: "dead-letters" } as const;

export function cosmosChangeFeed(container: string): Extract<Trigger, { kind: "cosmos-change-feed" }> {
    return {
        kind: "cosmos-change-feed",
        connection: COSMOS_CONNECTION,
        databaseName: COSMOS_NAMES.database,
        containerName: container,
        leaseContainerName: COSMOS_NAMES.leases,
    };
}

/** With `source` on Azure: the Service Bus queue Event Grid delivers the EventSourcing's events to, and the trigger's identity-based connection prefix. */
export const SERVICE_BUS_EVENTS = { queue: "events", connection: "EVENTS_SERVICE_BUS" } as const;

export function serviceBusEvents(): Extract<Trigger, { kind: "service-bus-queue" }> {
    // No trigger retry: a failed message is abandoned, and the queue's maxDeliveryCount bounds the redeliveries.
    return { kind: "service-bus-queue", queueName: SERVICE_BUS_EVENTS.queue, connection: SERVICE_BUS_EVENTS.connection };
}

/** For `npm run bundle`: each role's function on each cloud (the write and read stores' clients differ by cloud). */
export const functions: PatternFunctions = {
    "cqrs-command": {
        aws: cqrsBundle(Cloud.Aws, "command", { kind: "http" }),
        azure: cqrsBundle(Cloud.Azure, "command", { kind: "http" }),
        gcp: cqrsBundle(Cloud.Gcp, "command", { kind: "http" }),
    },
    "cqrs-projector": {
        aws: cqrsBundle(Cloud.Aws, "projector", { kind: "dynamodb-stream" }),
        azure: cqrsBundle(Cloud.Azure, "projector", cosmosChangeFeed("products")),
        gcp: cqrsBundle(Cloud.Gcp, "projector", { kind: "pubsub" }),
    },
    "cqrs-query": {
        aws: cqrsBundle(Cloud.Aws, "query", { kind: "http" }),
        azure: cqrsBundle(Cloud.Azure, "query", { kind: "http" }),
        gcp: cqrsBundle(Cloud.Gcp, "query", { kind: "http" }),
    },
};
