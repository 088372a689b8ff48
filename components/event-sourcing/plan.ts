/**
 * Event Sourcing args checked and completed once, for every cloud: the defaults live here and
 * nowhere else, and every error names the component, the field, the value and what is allowed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import { bundleFunction } from "../platform/bundle";
import { packagedFunctionName } from "../platform/naming";
import { patternTags } from "../platform/tags";
import { BundleSpec } from "../platform/types";
import { EventSourcingArgs, EventSourcingAwsArgs, EventSourcingAzureArgs, EventSourcingGcpArgs, EventStoreKind } from "./args";
import { commandBundle, CommandStore } from "./functions";

export const PATTERN = "event-sourcing";
export const DEFAULT_SNAPSHOT_EVERY = 100;
export const DEFAULT_RETENTION_DAYS = 7;
export const DEFAULT_MEMORY_MB = 256;
export const DEFAULT_LOG_RETENTION_DAYS = 30;
/** The routes of the command API (handlers/event-sourcing/http.ts). */
export const ROUTES = ["POST /streams/{id}", "GET /streams/{id}", "GET /streams/{id}/events"] as const;
/** The Cosmos DB database and containers, and the Firestore root collection. */
export const NAMES = { database: "eventsourcing", events: "events", snapshots: "snapshots", leases: "leases", collection: "streams" } as const;
/** The command function's own budget; the front doors wait a little longer. */
export const FUNCTION_TIMEOUT_SECONDS = 25;

const STORES: readonly EventStoreKind[] = ["native", "postgres"];
/** The document store `native` means on each cloud. */
const NATIVE_STORE: Record<Cloud, CommandStore> = { aws: "dynamodb", azure: "cosmos", gcp: "firestore" };

/** The private network each cloud's managed PostgreSQL needs from the args. */
const POSTGRES_NETWORK: Record<Cloud, { needs: string; given: (a: EventSourcingArgs) => boolean }> = {
    aws: { needs: "aws.postgres { vpcId, subnetIds } with private subnets in at least two availability zones", given: (a) => Array.isArray(a.aws?.postgres?.subnetIds) && a.aws!.postgres!.subnetIds.length >= 2 && a.aws!.postgres!.vpcId !== undefined },
    azure: {
        needs: "azure.postgres { delegatedSubnetId, privateDnsZoneId, functionSubnetId }",
        given: (a) => a.azure?.postgres?.delegatedSubnetId !== undefined && a.azure.postgres.privateDnsZoneId !== undefined && a.azure.postgres.functionSubnetId !== undefined,
    },
    gcp: { needs: "gcp.postgres { network } (a VPC with private services access)", given: (a) => a.gcp?.postgres?.network !== undefined },
};

/** What each cloud's implementation builds from: args validated, defaults applied. */
export interface EventSourcingPlan {
    readonly store: EventStoreKind;
    readonly snapshotEvery: number;
    readonly publish: boolean;
    readonly retentionDays: number;
    readonly memoryMb: number;
    readonly logRetentionDays: number;
    readonly command: BundleSpec;
    readonly tags: pulumi.Output<Record<string, string>>;
    readonly aws: EventSourcingAwsArgs & Required<Pick<EventSourcingAwsArgs, "throttlingRateLimit" | "throttlingBurstLimit">>;
    readonly azure: EventSourcingAzureArgs & Required<Pick<EventSourcingAzureArgs, "publisherEmail" | "publisherName">>;
    readonly gcp: EventSourcingGcpArgs;
}

const PUBSUB_MAX_RETENTION_DAYS = 31;

export function planEventSourcing(name: string, cloud: Cloud, args: EventSourcingArgs | undefined): EventSourcingPlan {
    const owner = `EventSourcing '${name}'`;
    const fail = (message: string): never => {
        throw new Error(`${owner}: ${message}`);
    };
    const a = args ?? {};
    const store = a.store ?? "native";
    if (!STORES.includes(store)) fail(`store must be one of ${STORES.join(", ")}, got ${JSON.stringify(store)}`);
    const snapshotEvery = a.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY;
    checkInteger(owner, "snapshotEvery", snapshotEvery, 0, 100_000, " (0 turns snapshots off)");
    const retentionDays = a.retentionDays ?? DEFAULT_RETENTION_DAYS;
    checkInteger(owner, "retentionDays", retentionDays, 1, 35, " (DynamoDB PITR and Aurora backups keep at most 35 days)");
    const memoryMb = a.memoryMb ?? DEFAULT_MEMORY_MB;
    checkInteger(owner, "memoryMb", memoryMb, 128, 4096, "");
    const logRetentionDays = a.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    checkInteger(owner, "logRetentionDays", logRetentionDays, 1, 3653, "");
    const publish = a.publish ?? true;
    if (typeof publish !== "boolean") fail(`publish must be true or false, got ${JSON.stringify(publish)}`);
    if (cloud === Cloud.Gcp && publish && retentionDays > PUBSUB_MAX_RETENTION_DAYS) {
        fail(`retentionDays must be at most ${PUBSUB_MAX_RETENTION_DAYS} on gcp (a Pub/Sub topic keeps messages at most 31 days), got ${retentionDays}`);
    }

    if (store === "postgres") {
        if (publish) fail("publish needs the store's change stream, which PostgreSQL does not have here; set publish: false with store 'postgres'");
        const network = POSTGRES_NETWORK[cloud];
        if (!network.given(a)) fail(`store 'postgres' on ${cloud} needs ${network.needs}: the database gets no public address`);
        const endpoint = a.aws?.postgres?.secretsManagerEndpoint;
        if (endpoint !== undefined && typeof endpoint !== "boolean") fail(`aws.postgres.secretsManagerEndpoint must be true or false, got ${JSON.stringify(endpoint)}`);
    }

    const deciderModule = a.deciderModule === undefined ? undefined : path.resolve(a.deciderModule);
    if (deciderModule !== undefined && !fs.statSync(deciderModule, { throwIfNoEntry: false })?.isFile()) {
        fail(`deciderModule '${a.deciderModule}' is not a file (resolved to ${deciderModule}); give the path of a module exporting decide, evolve and initialState`);
    }
    const command = commandBundle(store === "postgres" ? "postgres" : NATIVE_STORE[cloud], deciderModule);
    try {
        // Bundled now, so a decider that does not compile fails before any resource; hosting reuses the memoized bundle.
        bundleFunction(command, cloud, packagedFunctionName(`${name}-command`));
    } catch (err) {
        fail(`the command function cannot be bundled (check deciderModule): ${(err as Error).message}`);
    }

    return {
        store,
        snapshotEvery,
        publish,
        retentionDays,
        memoryMb,
        logRetentionDays,
        command,
        tags: patternTags(PATTERN, a.tags),
        aws: {
            ...a.aws,
            throttlingRateLimit: a.aws?.throttlingRateLimit ?? 50,
            throttlingBurstLimit: a.aws?.throttlingBurstLimit ?? 100,
            postgres: a.aws?.postgres && { ...a.aws.postgres, secretsManagerEndpoint: a.aws.postgres.secretsManagerEndpoint ?? true },
        },
        azure: { ...a.azure, publisherEmail: a.azure?.publisherEmail ?? "platform@example.com", publisherName: a.azure?.publisherName ?? "cloud-patterns" },
        gcp: { ...a.gcp },
    };
}

function checkInteger(owner: string, field: string, value: number, min: number, max: number, why: string): void {
    if (!Number.isInteger(value) || value < min || value > max) {
        throw new Error(`${owner}: ${field} must be a whole number from ${min} to ${max}${why}, got ${JSON.stringify(value)}`);
    }
}
