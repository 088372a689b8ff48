/**
 * Maps a stack's workload profile onto the resources each pattern created: which resources
 * see the HTTP requests, which the messages or events, how data and logs spread over stores.
 * Infracost reads such quantities from a usage file; here the pattern's shape decides them.
 */
import type { RecordedResource } from "./mock-cloud";
import { Workload, WorkloadProfile, workloadFor, ZERO_WORKLOAD } from "./workload";

/** Monthly usage of one resource: what its pricer multiplies by. */
export interface ResourceUsage {
    /** Function invocations: HTTP requests and/or the messages or events that trigger it. */
    readonly invocations: number;
    readonly averageDurationMs: number;
    /** Requests through a front door (API Gateway, API Management). */
    readonly requests: number;
    /** Messages or events through a queue, topic, bus or namespace (0 for dead-letter queues). */
    readonly messages: number;
    readonly messageSizeKb: number;
    readonly reads: number;
    readonly writes: number;
    /** This store's share of the pattern's stored data. */
    readonly storageGb: number;
    /** This log group's share of the pattern's logs. */
    readonly logGb: number;
}

export const PATTERN_PREFIX = "cloud-patterns:index:";

interface AsyncFlow {
    /** The workload field that drives the pattern's queues, topics and consumers. */
    readonly driver: "messages" | "events";
    /** Appending an event is a store write. */
    readonly eventsAreWrites: boolean;
    /** Store writes each message adds (Retry's idempotency record: in progress, then completed). */
    readonly writesPerMessage: number;
}

/** Patterns with an asynchronous side, and how their workload reaches their stores. */
const ASYNC_FLOWS: Record<string, AsyncFlow> = {
    Retry: { driver: "messages", eventsAreWrites: false, writesPerMessage: 2 },
    EventSourcing: { driver: "events", eventsAreWrites: true, writesPerMessage: 0 },
    Cqrs: { driver: "events", eventsAreWrites: true, writesPerMessage: 0 },
};

/** Resources that carry a front door's routing to its functions. */
const FRONT_DOOR_WIRING = [
    "aws:apigatewayv2/integration:Integration",
    "azure-native:apimanagement:Api",
    "azure-native:apimanagement:Backend",
    "azure-native:apimanagement:ApiPolicy",
    "azure-native:apimanagement:ApiOperationPolicy",
    "gcp:apigateway/apiConfig:ApiConfig",
];
const FUNCTIONS = ["aws:lambda/function:Function", "azure-native:web:WebApp", "gcp:cloudfunctionsv2/function:Function"];
const STORES = [
    "aws:dynamodb/table:Table",
    "aws:rds/cluster:Cluster",
    "azure-native:cosmosdb:DatabaseAccount",
    "azure-native:dbforpostgresql:Server",
    "gcp:firestore/database:Database",
    "gcp:spanner/instance:Instance",
    "gcp:sql/databaseInstance:DatabaseInstance",
];
const LOGS = ["aws:cloudwatch/logGroup:LogGroup", "azure-native:operationalinsights:Workspace"];
/** A function named for producing or consuming work, when nothing in the graph says how it is triggered. */
const ASYNC_ROLE = /(worker|consumer|processor|projector|projection|subscriber|listener|enqueue)/i;
const DEAD_LETTER = /(dlq|dead-?letter|deadletter)/i;

/** The config key of a pattern type token: `cloud-patterns:index:GatewayAggregation` -> `gatewayAggregation`. */
export function patternKey(type: string): string {
    const cls = type.slice(PATTERN_PREFIX.length);
    return cls.replace(/^[A-Z]+(?=[A-Z][a-z]|$)|^[A-Z]/, (m) => m.toLowerCase());
}

/** The outermost pattern component a resource belongs to (the resource itself, if it is one). */
export function patternComponentOf(resource: RecordedResource, byUrn: ReadonlyMap<string, RecordedResource>): RecordedResource | undefined {
    let found: RecordedResource | undefined;
    for (let r: RecordedResource | undefined = resource; r; r = r.parent ? byUrn.get(r.parent) : undefined) {
        if (r.type.startsWith(PATTERN_PREFIX)) found = r;
    }
    return found;
}

/** The type token of the outermost pattern component a resource belongs to, or "" for none. */
export function patternOf(resource: RecordedResource, byUrn: ReadonlyMap<string, RecordedResource>): string {
    return patternComponentOf(resource, byUrn)?.type ?? "";
}

/** Usage per resource URN; `idle` prices the deployed stack with no traffic and no data. */
export function usageOf(resources: readonly RecordedResource[], profile: WorkloadProfile, idle = false): Map<string, ResourceUsage> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const groups = new Map<string, RecordedResource[]>();
    for (const r of resources.filter((x) => x.custom)) {
        const pattern = patternOf(r, byUrn);
        groups.set(pattern, [...(groups.get(pattern) ?? []), r]);
    }
    const usage = new Map<string, ResourceUsage>();
    for (const [pattern, members] of groups) {
        const w = idle ? ZERO_WORKLOAD : workloadFor(profile, pattern ? patternKey(pattern) : undefined);
        for (const [urn, u] of patternUsage(pattern, members, w)) usage.set(urn, u);
    }
    return usage;
}

function patternUsage(pattern: string, members: RecordedResource[], w: Workload): Map<string, ResourceUsage> {
    const flow = ASYNC_FLOWS[pattern.slice(PATTERN_PREFIX.length)];
    const asyncVolume = flow ? w[flow.driver] : w.messages || w.events;
    const writes = w.writes + (flow?.eventsAreWrites ? w.events : 0) + (flow?.writesPerMessage ?? 0) * w.messages;
    const stores = members.filter((r) => STORES.includes(r.type)).length;
    const logs = members.filter((r) => LOGS.includes(r.type)).length;
    const wiring = members.filter((r) => FRONT_DOOR_WIRING.includes(r.type)).map(searchableText);
    const deadLetterTargets = members.filter((r) => r.type === "aws:sqs/queue:Queue").map((r) => String(r.inputs.redrivePolicy ?? "")).join(" ");
    const result = new Map<string, ResourceUsage>();
    for (const r of members) {
        let invocations = 0;
        if (FUNCTIONS.includes(r.type)) {
            const triggers = triggersOf(r, members, wiring, flow !== undefined);
            invocations = (triggers.http ? w.requests : 0) + (triggers.async ? asyncVolume : 0);
        }
        const deadLetter = DEAD_LETTER.test(r.name) || (r.type === "aws:sqs/queue:Queue" && deadLetterTargets.includes(`:${String(r.inputs.name ?? r.name)}"`));
        result.set(r.urn, {
            invocations,
            averageDurationMs: w.averageDurationMs,
            requests: w.requests,
            messages: deadLetter ? 0 : asyncVolume,
            messageSizeKb: w.messageSizeKb,
            reads: w.reads,
            writes,
            storageGb: STORES.includes(r.type) ? w.storageGb / stores : 0,
            logGb: LOGS.includes(r.type) ? w.logGb / logs : 0,
        });
    }
    return result;
}

/** How a function is invoked, read off the graph: a front door routes to it, or a queue, stream or topic feeds it. */
function triggersOf(fn: RecordedResource, members: RecordedResource[], wiring: string[], asyncPattern: boolean): { http: boolean; async: boolean } {
    const needles = functionNeedles(fn);
    const http = wiring.some((text) => needles.some((n) => text.includes(n)));
    const async = asyncSignal(fn, members, needles);
    if (http || async) return { http, async };
    // Nothing in the graph says: go by the function's role, then by the pattern's nature.
    const byRole = ASYNC_ROLE.test(fn.name) || asyncPattern;
    return { http: !byRole, async: byRole };
}

/** Strings by which other resources refer to a function (as the mock cloud names them). */
function functionNeedles(fn: RecordedResource): string[] {
    const name = String(fn.inputs.name ?? fn.name);
    switch (fn.type) {
        case "aws:lambda/function:Function":
            return [`:function:${name}`];
        case "azure-native:web:WebApp":
            return [`${name}.azurewebsites.net`];
        default:
            return [`${name}-mock.a.run.app`, `cloudfunctions.net/${name}`];
    }
}

function asyncSignal(fn: RecordedResource, members: RecordedResource[], needles: string[]): boolean {
    const name = String(fn.inputs.name ?? fn.name);
    switch (fn.type) {
        case "aws:lambda/function:Function":
            return members.some(
                (r) =>
                    (r.type === "aws:lambda/eventSourceMapping:EventSourceMapping" && [name, `${fn.name}-id`].concat(needles).some((n) => String(r.inputs.functionName ?? "").endsWith(n))) ||
                    (r.type === "aws:lambda/permission:Permission" && /events|sns|sqs/.test(String(r.inputs.principal)) && String(r.inputs.function ?? "").endsWith(name)),
            );
        case "azure-native:web:WebApp": {
            const settings: { name: string }[] = fn.inputs.siteConfig?.appSettings ?? [];
            return settings.some((s) => /__fullyQualifiedNamespace|ServiceBus|__accountEndpoint|CosmosDB|EventGrid/i.test(s.name));
        }
        default:
            return fn.inputs.eventTrigger !== undefined || members.some((r) => r.type === "gcp:cloudtasks/queue:Queue" && needles.some((n) => searchableText(r).includes(n)));
    }
}

/** A resource's inputs as text, with base64 documents (API Gateway OpenAPI specs) decoded. */
function searchableText(r: RecordedResource): string {
    const text = JSON.stringify(r.inputs);
    const docs: { document?: { contents?: string } }[] = r.inputs.openapiDocuments ?? [];
    return text + docs.map((d) => Buffer.from(d.document?.contents ?? "", "base64").toString("utf8")).join("\n");
}
