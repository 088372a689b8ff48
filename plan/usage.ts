/**
 * Maps a stack's workload profile onto the resources each pattern created: which resources
 * see the HTTP requests, which the messages or events, how data and logs spread over stores.
 * Infracost reads such quantities from a usage file; here the resource graph and the pattern's
 * own pricing file (plan/patterns/<pattern>.ts, linked by the registry) decide them.
 */
import { PATTERN_TYPE_PREFIX } from "../components/pattern-type";
import { patternEntryOfType, PatternName } from "../components/pattern-entries";
import type { RecordedResource } from "./mock-cloud";
import { PatternPricing, PatternUsageContext, playsRole, roleOf, StoreLoad } from "./pattern-pricing";
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
    /** What this log group or workspace ingests: its function's invocations (or its front door's requests) times the log lines of each, plus its share of `logGb`. */
    readonly logGb: number;
}

/** A month of 730 hours, as the prices count it. */
const SECONDS_PER_MONTH = 730 * 3600;
/** KB in a GB, as CloudWatch and Log Analytics count ingestion (decimal). */
const KB_PER_GB = 1e6;

export const PATTERN_PREFIX = PATTERN_TYPE_PREFIX;

/** Resources outside any registered pattern: no flow, no roles. */
const NO_PATTERN: PatternPricing = {};

/**
 * The pricing files are required when something is priced, so `cloud-patterns --help` and a bad
 * option answer without them (plan/patterns/retry.ts requires this module back).
 */
function pricingOf(className: PatternName): PatternPricing {
    return (require("./pattern-pricings") as typeof import("./pattern-pricings")).PATTERN_PRICING[className];
}

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
    "gcp:sql/databaseInstance:DatabaseInstance",
];
const LOGS = ["aws:cloudwatch/logGroup:LogGroup", "azure-native:operationalinsights:Workspace"];

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
    const groups = new Map<string, PatternMember[]>();
    for (const resource of resources.filter((x) => x.custom)) {
        const component = patternComponentOf(resource, byUrn);
        const type = component?.type ?? "";
        groups.set(type, [...(groups.get(type) ?? []), { resource, role: component && roleOf(resource, component) }]);
    }
    const usage = new Map<string, ResourceUsage>();
    for (const [type, members] of groups) {
        const pattern = patternEntryOfType(type);
        const w = idle ? ZERO_WORKLOAD : workloadFor(profile, pattern?.configKey);
        for (const [urn, u] of patternUsage(pattern ? pricingOf(pattern.className) : NO_PATTERN, members, w)) usage.set(urn, u);
    }
    return usage;
}

/** A resource of a pattern, with its role in the component it belongs to. */
interface PatternMember {
    readonly resource: RecordedResource;
    readonly role: string | undefined;
}

function patternUsage(pricing: PatternPricing, members: readonly PatternMember[], w: Workload): Map<string, ResourceUsage> {
    const { flow, deadLetterRoles = [] } = pricing;
    const resources = members.map((m) => m.resource);
    const ctx: PatternUsageContext = { workload: w, setting: settingReader(resources) };
    const asyncVolume = flow ? w[flow.driver] : w.messages || w.events;
    const wiring = resources.filter((r) => FRONT_DOOR_WIRING.includes(r.type)).map(searchableText);
    const deadLetterTargets = resources
        .filter((r) => r.type === "aws:sqs/queue:Queue")
        .map((r) => String(r.inputs.redrivePolicy ?? ""))
        .join(" ");
    const invocationsOf = (r: RecordedResource, role: string | undefined): number => {
        const byRole = Object.entries(pricing.invocations ?? {}).find(([name]) => playsRole(role, [name]));
        if (byRole) return byRole[1](ctx);
        const triggers = triggersOf(r, resources, wiring, flow !== undefined);
        return (triggers.http ? w.requests : 0) + (triggers.async ? asyncVolume : 0);
    };
    const requestsOf = (role: string | undefined): number => {
        const byRole = Object.entries(pricing.requests ?? {}).find(([name]) => playsRole(role, [name]));
        return byRole ? byRole[1](ctx) : w.requests;
    };
    const invocations = new Map(
        members.filter((m) => FUNCTIONS.includes(m.resource.type)).map((m) => [m, invocationsOf(m.resource, m.role)]),
    );
    const { perStore, total } = storeLoadsOf(
        pricing,
        ctx,
        members.filter((m) => STORES.includes(m.resource.type)),
        flow,
    );
    // Other resources see the pattern's whole traffic to its stores (an Aurora instance is in use while it has any), and hold no data.
    const traffic: StoreLoad = { reads: total.reads, writes: total.writes, storageGb: 0 };
    const logMembers = members.filter((m) => LOGS.includes(m.resource.type));
    const result = new Map<string, ResourceUsage>();
    for (const m of members) {
        const { resource: r, role } = m;
        const deadLetter =
            playsRole(role, deadLetterRoles) ||
            (r.type === "aws:sqs/queue:Queue" && deadLetterTargets.includes(`:${String(r.inputs.name ?? r.name)}"`));
        const store = perStore.get(m) ?? traffic;
        result.set(r.urn, {
            invocations: invocations.get(m) ?? 0,
            averageDurationMs: w.averageDurationMs,
            requests: requestsOf(role),
            messages: deadLetter ? 0 : asyncVolume,
            messageSizeKb: w.messageSizeKb,
            ...store,
            logGb: logMembers.includes(m) ? logLines(m, invocations, w, requestsOf(m.role)) / KB_PER_GB + w.logGb / logMembers.length : 0,
        });
    }
    return result;
}

/**
 * Each store's load: by the pattern's store roles when it states them (a store that plays none
 * carries their sum), else the workload's reads and writes on every store and its storage shared;
 * and the pattern's total.
 */
function storeLoadsOf(
    pricing: PatternPricing,
    ctx: PatternUsageContext,
    stores: readonly PatternMember[],
    flow: PatternPricing["flow"],
): { readonly perStore: Map<PatternMember, StoreLoad>; readonly total: StoreLoad } {
    const w = ctx.workload;
    if (!pricing.stores) {
        const writes = w.writes + (flow?.eventsAreWrites ? w.events : 0) + (flow?.writesPerMessage ?? 0) * w.messages;
        const share = pricing.storesShareLoad ? stores.length : 1;
        return {
            perStore: new Map(
                stores.map((m) => [m, { reads: w.reads / share, writes: writes / share, storageGb: w.storageGb / stores.length }]),
            ),
            total: { reads: w.reads, writes, storageGb: w.storageGb },
        };
    }
    const loads = Object.entries(pricing.stores).map(([role, load]) => [role, load(ctx)] as const);
    const total: StoreLoad = {
        reads: loads.reduce((a, [, l]) => a + l.reads, 0),
        writes: loads.reduce((a, [, l]) => a + l.writes, 0),
        storageGb: loads.reduce((a, [, l]) => a + l.storageGb, 0),
    };
    return { perStore: new Map(stores.map((m) => [m, loads.find(([role]) => playsRole(m.role, [role]))?.[1] ?? total])), total };
}

/**
 * KB of log lines a log group or workspace ingests: its function's invocations (matched by name:
 * `<owner>-logs` holds `<owner>-function` / `<owner>-app`), or a front door's access log lines
 * (`<front door>-access-logs`) at one line for each of its `requests`.
 */
function logLines(log: PatternMember, invocations: ReadonlyMap<PatternMember, number>, w: Workload, requests: number): number {
    const owner = log.role?.replace(/-logs$/, "");
    if (owner === undefined) return 0;
    if (owner.endsWith("-access")) return requests * w.logKbPerInvocation;
    const fn = [...invocations].find(([m]) => m.role !== undefined && m.role.replace(/-(function|app)$/, "") === owner);
    return (fn?.[1] ?? 0) * w.logKbPerInvocation;
}

/** Reads a numeric setting (`"snapshotEvery":100`) off the settings documents the pattern's resources carry. */
function settingReader(resources: readonly RecordedResource[]): (name: string) => number | undefined {
    const text = resources.map((r) => JSON.stringify(r.inputs)).join("\n");
    return (name) => {
        const found = new RegExp(`\\\\?"${name}\\\\?"\\s*:\\s*(\\d+(?:\\.\\d+)?)`).exec(text);
        return found ? Number(found[1]) : undefined;
    };
}

/** GB an item store holds when each item of `itemKb` lives `ttlSeconds` and `perMonth` arrive a month (steady state). */
export function heldGb(perMonth: number, ttlSeconds: number, itemKb: number): number {
    return (((perMonth * ttlSeconds) / SECONDS_PER_MONTH) * itemKb) / KB_PER_GB;
}

/**
 * How a function is invoked, read off the graph: a front door routes to it, or a queue, stream or
 * topic feeds it. When the graph does not say, a pattern with an asynchronous flow drives it by
 * that flow; any other function is behind the pattern's front door.
 */
function triggersOf(
    fn: RecordedResource,
    members: readonly RecordedResource[],
    wiring: string[],
    asyncPattern: boolean,
): { http: boolean; async: boolean } {
    const needles = functionNeedles(fn);
    const http = wiring.some((text) => needles.some((n) => text.includes(n)));
    const async = asyncSignal(fn, members, needles);
    if (http || async) return { http, async };
    return { http: !asyncPattern, async: asyncPattern };
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

function asyncSignal(fn: RecordedResource, members: readonly RecordedResource[], needles: string[]): boolean {
    const name = String(fn.inputs.name ?? fn.name);
    switch (fn.type) {
        case "aws:lambda/function:Function":
            return members.some(
                (r) =>
                    (r.type === "aws:lambda/eventSourceMapping:EventSourceMapping" &&
                        [name, `${fn.name}-id`].concat(needles).some((n) => String(r.inputs.functionName ?? "").endsWith(n))) ||
                    (r.type === "aws:lambda/permission:Permission" &&
                        /events|sns|sqs/.test(String(r.inputs.principal)) &&
                        String(r.inputs.function ?? "").endsWith(name)),
            );
        case "azure-native:web:WebApp": {
            const settings: { name: string }[] = fn.inputs.siteConfig?.appSettings ?? [];
            return settings.some((s) => /__fullyQualifiedNamespace|ServiceBus|__accountEndpoint|CosmosDB|EventGrid/i.test(s.name));
        }
        default:
            return (
                fn.inputs.eventTrigger !== undefined ||
                members.some((r) => r.type === "gcp:cloudtasks/queue:Queue" && needles.some((n) => searchableText(r).includes(n)))
            );
    }
}

/** A resource's inputs as text, with base64 documents (API Gateway OpenAPI specs) decoded. */
function searchableText(r: RecordedResource): string {
    const text = JSON.stringify(r.inputs);
    const docs: { document?: { contents?: string } }[] = r.inputs.openapiDocuments ?? [];
    return text + docs.map((d) => Buffer.from(d.document?.contents ?? "", "base64").toString("utf8")).join("\n");
}
