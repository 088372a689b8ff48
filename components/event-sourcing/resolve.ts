/**
 * Event Sourcing args checked and completed once, for every cloud: the defaults live here and
 * nowhere else, and every error names the component, the field, the value and what is allowed.
 */
import type * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import type { ResolvedPatternArgs } from "../pattern-component";
import { ApimPublisher, withApimPublisher } from "../platform/apim-publisher";
import { patternTags } from "../platform/tags";
import {
    COMMAND_ROUTES,
    DEFAULT_SNAPSHOT_EVERY,
    FIRESTORE_COLLECTION,
    SNAPSHOT_EVERY_RANGE,
} from "../../handlers/event-sourcing/settings-document";
import { checkLogRetentionDays, DEFAULT_LOG_RETENTION_DAYS } from "../platform/function-settings";
import { BundleSpec } from "../platform/types";
import { ArgsValidator } from "../platform/validate";
import { checkPostgresNetwork, POSTGRES_ROLE_MAX_LENGTH } from "../platform/postgres-network";
import { EventSourcingArgs, EventSourcingAwsArgs, EventSourcingAzureArgs, EventSourcingGcpArgs, EventStoreKind } from "./args";
import { commandBundle, CommandStore, postgresCommandBundle } from "./functions";
import { AUTHENTICATED_GATEWAY_DEFAULT, FrontDoorAuth, resolveFrontDoorAuth } from "../platform/front-door-auth";

export const PATTERN = "event-sourcing";
export const DEFAULT_RETENTION_DAYS = 7;
export const DEFAULT_MEMORY_MB = 256;
/** The routes of the command API, as handlers/event-sourcing/http.ts serves them. */
export const ROUTES: readonly string[] = Object.values(COMMAND_ROUTES);
/** The Cosmos DB database and containers, and the Firestore root collection. */
export const NAMES = {
    database: "eventsourcing",
    events: "events",
    snapshots: "snapshots",
    leases: "leases",
    collection: FIRESTORE_COLLECTION,
} as const;
/** The command function's own budget; the front doors wait a little longer. */
export const FUNCTION_TIMEOUT_SECONDS = 25;

const STORES: readonly EventStoreKind[] = ["native", "postgres"];
/** The document store `native` means on each cloud. */
const NATIVE_STORE: Record<Cloud, Exclude<CommandStore, "postgres">> = { aws: "dynamodb", azure: "cosmos", gcp: "firestore" };

/** What each cloud's implementation builds from: args validated, defaults applied. */
export interface ResolvedEventSourcingArgs extends ResolvedPatternArgs<
    EventSourcingAwsArgs & Required<Pick<EventSourcingAwsArgs, "throttlingRateLimit" | "throttlingBurstLimit">>,
    EventSourcingAzureArgs & ApimPublisher,
    EventSourcingGcpArgs & Required<Pick<EventSourcingGcpArgs, "enableApis">>
> {
    readonly store: EventStoreKind;
    readonly snapshotEvery: number;
    readonly publish: boolean;
    readonly retentionDays: number;
    readonly memoryMb: number;
    readonly logRetentionDays: number;
    readonly alarmNotify?: pulumi.Input<string>;
    readonly command: BundleSpec;
    /** Who may call the front door, checked for the cloud. */
    readonly auth: FrontDoorAuth;
}

const PUBSUB_MAX_RETENTION_DAYS = 31;
export { POSTGRES_ROLE_MAX_LENGTH };

export function resolveEventSourcingArgs(name: string, cloud: Cloud, args: EventSourcingArgs | undefined): ResolvedEventSourcingArgs {
    const check = ArgsValidator.forComponent("EventSourcing", name);
    const fail = (message: string): never => check.refuse(message);
    const a = args ?? {};
    const store = check.oneOf("store", a.store ?? "native", STORES);
    const snapshotEvery = check.integer(
        "snapshotEvery",
        a.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY,
        SNAPSHOT_EVERY_RANGE,
        "0 turns snapshots off",
    );
    const retentionDays = check.integer(
        "retentionDays",
        a.retentionDays ?? DEFAULT_RETENTION_DAYS,
        [1, 35],
        "DynamoDB PITR and Aurora backups keep at most 35 days",
    );
    const memoryMb = check.integer("memoryMb", a.memoryMb ?? DEFAULT_MEMORY_MB, [128, 4096]);
    const logRetentionDays = checkLogRetentionDays(check, "logRetentionDays", a.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS, cloud);
    const publish = check.boolean("publish", a.publish ?? true);
    if (cloud === Cloud.Gcp && publish) {
        check.integer(
            "retentionDays",
            retentionDays,
            [1, PUBSUB_MAX_RETENTION_DAYS],
            "on gcp a Pub/Sub topic keeps messages at most 31 days",
        );
    }

    if (store === "postgres") {
        if (publish)
            fail("publish needs the store's change stream, which PostgreSQL does not have here; set publish: false with store 'postgres'");
        checkPostgresNetwork(check, cloud, a);
        // On Azure the command app signs in as the PostgreSQL role `<name>-command`, and role names are at most 63 bytes:
        // https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS
        if (cloud === Cloud.Azure && name.length > POSTGRES_ROLE_MAX_LENGTH - "-command".length) {
            check.fail(
                "the component name",
                `at most ${POSTGRES_ROLE_MAX_LENGTH - "-command".length} characters with store 'postgres' on azure (the PostgreSQL role '<name>-command' is at most ${POSTGRES_ROLE_MAX_LENGTH})`,
                name,
            );
        }
    }

    const auth = resolveFrontDoorAuth(check, cloud, a.auth, AUTHENTICATED_GATEWAY_DEFAULT[cloud]);
    const deciderModule = check.moduleFile("deciderModule", a.deciderModule, "decide, evolve and initialState");
    const command = store === "postgres" ? postgresCommandBundle(cloud, deciderModule) : commandBundle(NATIVE_STORE[cloud], deciderModule);

    return {
        userModules: [{ arg: "deciderModule", module: deciderModule, bundle: command, functionName: `${name}-command` }],
        store,
        snapshotEvery,
        publish,
        retentionDays,
        memoryMb,
        logRetentionDays,
        ...(a.alarmNotify !== undefined && { alarmNotify: a.alarmNotify }),
        command,
        auth,
        tags: patternTags(PATTERN, a.tags),
        aws: {
            ...a.aws,
            throttlingRateLimit: a.aws?.throttlingRateLimit ?? 50,
            throttlingBurstLimit: a.aws?.throttlingBurstLimit ?? 100,
            postgres: a.aws?.postgres && { ...a.aws.postgres, secretsManagerEndpoint: a.aws.postgres.secretsManagerEndpoint ?? true },
        },
        azure: withApimPublisher(a.azure),
        gcp: { ...a.gcp, enableApis: check.boolean("gcp.enableApis", a.gcp?.enableApis ?? true) },
    };
}
