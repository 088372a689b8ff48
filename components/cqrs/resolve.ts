/**
 * CQRS args checked and completed once, for every cloud: the defaults live here and nowhere else,
 * and every error names the component, the field, the value and what is allowed.
 */
import {
    ENTITY_NAME,
    FIELD_CAPABILITIES,
    FIELD_NAME,
    FIELD_TYPES,
    FieldCapability,
    FieldDocument,
    ReadModelDocument,
} from "../../handlers/cqrs/settings-document";
import { Cloud } from "../cloud";
import { EventSourcing } from "../event-sourcing";
import type { ResolvedPatternArgs } from "../pattern-component";
import { PATTERN_TYPE_PREFIX } from "../pattern-type";
import { ApimPublisher, withApimPublisher } from "../platform/apim-publisher";
import { AUTHENTICATED_GATEWAY_DEFAULT, FrontDoorAuth, GATEWAY_REFUSALS, resolveFrontDoorAuth } from "../platform/front-door-auth";
import { checkLogRetentionDays, DEFAULT_LOG_RETENTION_DAYS } from "../platform/function-settings";
import { patternTags } from "../platform/tags";
import type { BundleSpec, Trigger } from "../platform/types";
import type { UserModuleFunction } from "../platform/user-modules";
import { ArgsValidator } from "../platform/validate";
import { cosmosChangeFeed, cqrsBundle, serviceBusEvents } from "./functions";
import * as pulumi from "@pulumi/pulumi";
import {
    CqrsArgs,
    CqrsAwsArgs,
    CqrsAwsReadStore,
    CqrsSearchSku,
    CqrsSourceArgs,
    CqrsAzureArgs,
    CqrsAzureSync,
    CqrsGcpArgs,
    CqrsGcpSync,
    CqrsReadModelArgs,
} from "./args";

export const PATTERN = "cqrs";
export const DEFAULT_MEMORY_MB = 256;
/** Each function's own budget; the front doors wait a little longer. */
export const FUNCTION_TIMEOUT_SECONDS = 25;
/** Field names the stores use for their own bookkeeping (handlers/stores/read-model/*). */
const RESERVED_PREFIX = "cqrs";
const EVENT_SOURCING_TYPE = `${PATTERN_TYPE_PREFIX}EventSourcing`;

export interface ResolvedCqrsArgs extends ResolvedPatternArgs<
    Required<CqrsAwsArgs>,
    Omit<CqrsAzureArgs, "publisherEmail" | "publisherName"> &
        ApimPublisher &
        Required<Pick<CqrsAzureArgs, "searchSku" | "maxAttempts" | "sync" | "indexerIntervalMinutes">>,
    CqrsGcpArgs & Required<Pick<CqrsGcpArgs, "processingUnits" | "sync">>
> {
    readonly readModel: ReadModelDocument;
    readonly commandModule?: string;
    readonly projectionModule?: string;
    /** With `source`: the EventSourcing whose events feed the projector (then no command side exists). */
    readonly source?: CqrsSourceArgs;
    readonly memoryMb: number;
    readonly logRetentionDays: number;
    readonly alarmNotify?: pulumi.Input<string>;
    /** Who may call the command API, and the query API. */
    readonly auth: FrontDoorAuth;
    readonly queryAuth: FrontDoorAuth;
    readonly bundles: CqrsBundles;
}

export function resolveCqrsArgs(name: string, cloud: Cloud, args: CqrsArgs | undefined): ResolvedCqrsArgs {
    const check = ArgsValidator.forComponent("Cqrs", name);
    const a: CqrsArgs = typeof args === "object" && args !== null ? args : check.fail("args", "an object with entity and readModel", args);
    const entity = check.string("entity", a.entity, "a collection name like 'products' (lower case, digits, hyphens)");
    if (!ENTITY_NAME.test(entity))
        check.fail("entity", `lower case letters, digits and hyphens, starting with a letter, at most 63 (${ENTITY_NAME})`, entity);
    const key = check.string("key", a.key ?? "id");
    if (!FIELD_NAME.test(key)) check.fail("key", `a field name (${FIELD_NAME})`, key);
    const readModel = resolveReadModel(check, entity, key, a.readModel);

    const source = a.source === undefined ? undefined : resolveSource(check, cloud, a.source);
    const sync = resolveSync(check, cloud, a, source !== undefined);
    if (source && a.commandModule !== undefined) {
        check.refuse("commandModule is not used with source: the EventSourcing is the write side (its deciderModule decides commands)");
    }
    const commandModule = check.moduleFile("commandModule", a.commandModule, "decide(command, current)");
    const projectionModule = check.moduleFile("projectionModule", a.projectionModule, "project(change, current)");
    const memoryMb = check.integer("memoryMb", a.memoryMb ?? DEFAULT_MEMORY_MB, [128, 4096]);
    const logRetentionDays = checkLogRetentionDays(check, "logRetentionDays", a.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS, cloud);
    const aws: Required<CqrsAwsArgs> = {
        readStore: check.oneOf("aws.readStore", a.aws?.readStore ?? CqrsAwsReadStore.Domain, Object.values(CqrsAwsReadStore)),
        batchSize: check.integer(
            "aws.batchSize",
            a.aws?.batchSize ?? 100,
            [1, 10_000],
            "the DynamoDB Streams event source mapping's range",
        ),
        maxRetries: check.integer(
            "aws.maxRetries",
            a.aws?.maxRetries ?? 5,
            [0, 100],
            "bounded, so a poison change reaches the dead-letter queue",
        ),
        throttlingRateLimit: check.number("aws.throttlingRateLimit", a.aws?.throttlingRateLimit ?? 50, [0, Infinity]),
        throttlingBurstLimit: check.integer("aws.throttlingBurstLimit", a.aws?.throttlingBurstLimit ?? 100, [0, Infinity]),
    };
    const processingUnits = check.integer("gcp.processingUnits", a.gcp?.processingUnits ?? 100, [100, 100_000]);
    if (processingUnits < 1000 ? processingUnits % 100 !== 0 : processingUnits % 1000 !== 0) {
        check.fail(
            "gcp.processingUnits",
            "a multiple of 100 below 1000, or of 1000 from there (Spanner's compute capacity steps)",
            processingUnits,
        );
    }

    const built = bundles(cloud, entity, source !== undefined, sync.projector, commandModule, projectionModule);
    return {
        userModules: userModules(name, built, commandModule, projectionModule),
        bundles: built,
        readModel,
        commandModule,
        projectionModule,
        source,
        memoryMb,
        logRetentionDays,
        ...(a.alarmNotify !== undefined && { alarmNotify: a.alarmNotify }),
        auth: resolveFrontDoorAuth(check, cloud, a.auth, AUTHENTICATED_GATEWAY_DEFAULT[cloud]),
        queryAuth: resolveFrontDoorAuth(
            check,
            cloud,
            a.queryAuth,
            AUTHENTICATED_GATEWAY_DEFAULT[cloud],
            GATEWAY_REFUSALS[cloud],
            "queryAuth",
        ),
        tags: patternTags(PATTERN, a.tags),
        aws,
        azure: {
            ...withApimPublisher(a.azure),
            searchSku: check.oneOf("azure.searchSku", a.azure?.searchSku ?? CqrsSearchSku.Basic, Object.values(CqrsSearchSku)),
            maxAttempts: check.integer("azure.maxAttempts", a.azure?.maxAttempts ?? 5, [1, 100]),
            sync: sync.azure,
            indexerIntervalMinutes: check.integer(
                "azure.indexerIntervalMinutes",
                a.azure?.indexerIntervalMinutes ?? MIN_INDEXER_INTERVAL_MINUTES,
                [MIN_INDEXER_INTERVAL_MINUTES, 1440],
                "AI Search runs a scheduled indexer at most every 5 minutes and at least daily",
            ),
        },
        gcp: {
            ...a.gcp,
            processingUnits,
            sync: sync.gcp,
        },
    };
}

/**
 * AI Search's shortest indexer schedule: "PT5M" (Learn, "Schedule an indexer": the interval is
 * 5 minutes to 24 hours). So with `azure.sync: "indexer"` a write reaches the read model minutes later.
 */
export const MIN_INDEXER_INTERVAL_MINUTES = 5;

interface ResolvedSync {
    readonly azure: CqrsAzureSync;
    readonly gcp: CqrsGcpSync;
    /** Whether a projector function carries the changes (not with the indexer or Datastream). */
    readonly projector: boolean;
}

/**
 * The sync path: each cloud's default push, or the cloud's own replication (AI Search's indexer,
 * Datastream). One path per component: `source` is a path of its own. Another cloud's option is
 * ignored, as every per-cloud bag is off its cloud: the plan (`npm start`) evaluates one stack's
 * config on every cloud to compare them.
 */
function resolveSync(check: ArgsValidator, cloud: Cloud, a: CqrsArgs, sourced: boolean): ResolvedSync {
    const azure = check.oneOf("azure.sync", a.azure?.sync ?? CqrsAzureSync.ChangeFeed, Object.values(CqrsAzureSync));
    const gcp = check.oneOf("gcp.sync", a.gcp?.sync ?? CqrsGcpSync.Dataflow, Object.values(CqrsGcpSync));
    const replicated =
        (cloud === Cloud.Azure && azure === CqrsAzureSync.Indexer) || (cloud === Cloud.Gcp && gcp === CqrsGcpSync.Datastream);
    if (!replicated) return { azure, gcp, projector: true };
    const field = `${cloud}.sync`;
    const value = cloud === Cloud.Azure ? azure : gcp;
    if (sourced) {
        check.fail(field, "unset with source: two sync paths at once (the EventSourcing's events already feed the projector)", value);
    }
    if (a.projectionModule !== undefined) {
        // Datastream copies the Spanner table as it is and a BigQuery view reads the fields from its JSON text
        // (components/cqrs/gcp-datastream-view.ts): no function sees a change, so no projection can run.
        const how =
            cloud === Cloud.Gcp
                ? "Datastream copies the write table into BigQuery and a view reads the read model's fields from it, so no projection code runs"
                : "the cloud copies the write model's fields itself and runs no projection code";
        check.fail(
            "projectionModule",
            `unset with ${field} '${value}': ${how} (use the default ${field} for a projection)`,
            a.projectionModule,
        );
    }
    if (cloud === Cloud.Azure && a.azure?.searchSku === CqrsSearchSku.Free) {
        // Learn, "Configure a search service to connect using a managed identity": prerequisites, Basic tier or higher.
        check.fail(
            "azure.searchSku",
            "basic with azure.sync 'indexer': the indexer reads Cosmos DB as the search service's managed identity, which the free tier lacks",
            a.azure.searchSku,
        );
    }
    return { azure, gcp, projector: false };
}

function resolveReadModel(check: ArgsValidator, entity: string, key: string, model: CqrsReadModelArgs | undefined): ReadModelDocument {
    if (typeof model !== "object" || model === null || typeof model.fields !== "object" || model.fields === null) {
        check.fail(
            "readModel",
            "an object with fields, e.g. { fields: { name: 'string', price: 'number' }, filterable: ['price'] }",
            model,
        );
    }
    const declared = Object.keys(model.fields);
    if (declared.length === 0) check.fail("readModel.fields", "at least one field", model.fields);
    for (const [field, type] of Object.entries(model.fields)) {
        if (!FIELD_NAME.test(field)) check.fail(`readModel.fields`, `keyed by field names (${FIELD_NAME})`, field);
        if (field.toLowerCase().startsWith(RESERVED_PREFIX))
            check.fail("readModel.fields", `free of names starting with '${RESERVED_PREFIX}' (the stores' own fields)`, field);
        check.oneOf(`readModel.fields.${field}`, type, FIELD_TYPES);
    }
    if (model.fields[key] !== undefined && model.fields[key] !== "string")
        check.fail(`readModel.fields.${key}`, "string (it is the key)", model.fields[key]);
    const names = [...new Set([key, ...declared])];
    const listed: Record<FieldCapability, Set<string>> = Object.fromEntries(
        FIELD_CAPABILITIES.map((capability) => {
            const list = model[capability] ?? (capability === "filterable" || capability === "sortable" ? [key] : []);
            if (!Array.isArray(list)) check.fail(`readModel.${capability}`, "a list of field names", list);
            for (const field of list) {
                if (!names.includes(field))
                    check.fail(`readModel.${capability}`, `a list of fields of readModel.fields (${names.join(", ")})`, field);
            }
            return [capability, new Set(list)];
        }),
    ) as Record<FieldCapability, Set<string>>;
    const fields: Record<string, FieldDocument> = {};
    for (const field of names) {
        const type = field === key ? "string" : model.fields[field];
        if (listed.searchable.has(field) && type !== "string" && type !== "string[]") {
            check.fail("readModel.searchable", "a list of string fields (text search applies to text)", field);
        }
        if (listed.sortable.has(field) && type === "string[]") check.fail("readModel.sortable", "a list of single-valued fields", field);
        fields[field] = {
            type,
            searchable: listed.searchable.has(field),
            filterable: listed.filterable.has(field),
            sortable: listed.sortable.has(field),
            facetable: listed.facetable.has(field),
        };
    }
    return { entity, key, fields };
}

const SOURCE_RULE = "an EventSourcing component (or, from other languages, its outputs { eventsTopic, storeName })";

function resolveSource(check: ArgsValidator, cloud: Cloud, source: unknown): CqrsSourceArgs {
    const given = source as Partial<CqrsSourceArgs> | null;
    if (typeof given !== "object" || given === null || given.eventsTopic === undefined || given.storeName === undefined) {
        check.fail("source", SOURCE_RULE, (source as { __pulumiType?: unknown } | null)?.__pulumiType ?? source);
    }
    // A component is checked further; by type token as well as by class (a second copy of this package has its own class).
    const isComponent = given instanceof pulumi.ComponentResource;
    if (isComponent && !(given instanceof EventSourcing) && (given as { __pulumiType?: unknown }).__pulumiType !== EVENT_SOURCING_TYPE) {
        check.fail("source", SOURCE_RULE, (given as { __pulumiType?: unknown }).__pulumiType);
    }
    if (given instanceof EventSourcing) {
        if (given.cloud !== cloud) check.fail("source", `an EventSourcing on ${cloud}, like this component`, given.cloud);
        const publishes = cloud === Cloud.Aws ? given.aws?.publishing : cloud === Cloud.Gcp ? given.gcp?.topic : given.azure?.publishing;
        if (publishes === undefined)
            check.fail("source", "an EventSourcing that publishes its events (publish: true, store 'native')", "one that does not");
    }
    if (cloud === Cloud.Azure) checkEventGridTopicId(check, given.eventsTopicId);
    return given as CqrsSourceArgs;
}

/** An Event Grid custom topic's resource id, with its resource group and name (case-insensitive, as ARM ids are). */
export const EVENT_GRID_TOPIC_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.EventGrid\/topics\/([^/]+)$/i;

/** On Azure the event subscription is made on the topic: its id is required, and checked now when it is a plain value. */
export function checkEventGridTopicId(check: ArgsValidator, id: pulumi.Input<string> | undefined): void {
    const rule =
        "the EventSourcing's eventsTopicId, an Event Grid topic's resource id (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.EventGrid/topics/<name>)";
    if (id === undefined || id === "" || (typeof id === "string" && !EVENT_GRID_TOPIC_ID.test(id)))
        check.fail("source.eventsTopicId", rule, id);
}

/** The functions' bundles: one spec each, used for the early bundling of user modules and by the cloud's builder. */
export interface CqrsBundles {
    /** Absent with `source`. */
    readonly command?: BundleSpec;
    /** Absent when the cloud replicates the write model itself (`azure.sync: "indexer"`, `gcp.sync: "datastream"`). */
    readonly projector?: BundleSpec;
    readonly query: BundleSpec;
}

function projectorTrigger(cloud: Cloud, entity: string, sourced: boolean): Trigger {
    if (cloud === Cloud.Aws) return sourced ? { kind: "sqs" } : { kind: "dynamodb-stream" };
    if (cloud === Cloud.Azure) return sourced ? serviceBusEvents() : cosmosChangeFeed(entity);
    return { kind: "pubsub" };
}

function bundles(
    cloud: Cloud,
    entity: string,
    sourced: boolean,
    projected: boolean,
    commandModule?: string,
    projectionModule?: string,
): CqrsBundles {
    return {
        command: sourced ? undefined : cqrsBundle(cloud, "command", { kind: "http" }, commandModule, projectionModule),
        projector: projected
            ? cqrsBundle(cloud, "projector", projectorTrigger(cloud, entity, sourced), commandModule, projectionModule)
            : undefined,
        query: cqrsBundle(cloud, "query", { kind: "http" }, commandModule, projectionModule),
    };
}

function userModules(name: string, built: CqrsBundles, commandModule?: string, projectionModule?: string): UserModuleFunction[] {
    return [
        ...(built.command ? [{ arg: "commandModule", module: commandModule, bundle: built.command, functionName: `${name}-command` }] : []),
        ...(built.projector
            ? [{ arg: "projectionModule", module: projectionModule, bundle: built.projector, functionName: `${name}-projector` }]
            : []),
    ];
}
