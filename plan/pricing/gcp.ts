/** GCP resource types -> cost components. Prices: plan/prices/gcp.json. */
import { usageModel } from "../catalog";
import { components, HOURS_PER_MONTH, Pricer, PricerContext } from "./pricer";
import { cloudRunAppAlone, cloudRunContainers, containerTimeBesideAppAlone } from "./containers";

/** Memory in MiB from a Cloud Run quantity ("256M", "1Gi", "512Mi"). */
export function memoryMib(quantity: string): number {
    const m = /^(\d+(?:\.\d+)?)\s*(M|Mi|MB|G|Gi|GB)?$/.exec(quantity.trim());
    if (!m) throw new Error(`cannot read the memory quantity '${quantity}'; expected e.g. 256M, 512Mi, 1Gi`);
    return Number(m[1]) * (m[2]?.startsWith("G") ? 1024 : 1);
}

const cloudFunction: Pricer = (r, ctx) => {
    const service = r.inputs.serviceConfig ?? {};
    const memory = memoryMib(String(service.availableMemory ?? "256M"));
    const table = usageModel<Record<string, number>>(ctx.catalog, "functions.cpuForMemory");
    const sizes = Object.keys(table)
        .map(Number)
        .sort((a, b) => a - b);
    const cpu =
        service.availableCpu !== undefined
            ? Number(service.availableCpu)
            : table[String(sizes.find((s) => s >= memory) ?? sizes[sizes.length - 1])];
    const increment = usageModel<number>(ctx.catalog, "functions.billingIncrementMs");
    const { invocations, averageDurationMs } = ctx.usage;
    const billedSeconds = invocations * ((Math.ceil(averageDurationMs / increment) * increment) / 1000);
    return [
        ...components(ctx, "Requests", "functions.requests", invocations),
        ...components(ctx, `CPU (${cpu} vCPU)`, "functions.cpu", billedSeconds * cpu),
        ...components(ctx, `Memory (${memory} MiB)`, "functions.memory", billedSeconds * (memory / 1024)),
    ];
};

const pubsubGib = (messages: number, sizeKb: number) => (messages * Math.max(1, sizeKb)) / (1024 * 1024);

const cloudSqlInstance: Pricer = (r, ctx) => {
    const settings = r.inputs.settings ?? {};
    const tier = String(settings.tier ?? "");
    const custom = /^db-custom-(\d+)-(\d+)$/.exec(tier);
    const regional = settings.availabilityType === "REGIONAL";
    // Cloud SQL's default disk is a 10 GB SSD; disk autoresize grows it to what the data needs.
    const provisionedGb = Number(settings.diskSize ?? 10);
    const diskGb = Math.max(provisionedGb, ctx.usage.storageGb);
    const disk =
        settings.diskType === "PD_HDD"
            ? components(ctx, "HDD storage", "cloudsql.hdd", diskGb, diskGb > provisionedGb)
            : components(ctx, "SSD storage", "cloudsql.ssd", diskGb, diskGb > provisionedGb);
    if (regional)
        return [...components(ctx, `Instance (${tier}, high availability)`, "cloudsql.regional", HOURS_PER_MONTH, false), ...disk];
    if (!custom) return [...components(ctx, `Instance (${tier || "unknown tier"})`, "cloudsql.shared", HOURS_PER_MONTH, false), ...disk];
    const [vcpus, memoryGb] = [Number(custom[1]), Number(custom[2]) / 1024];
    return [
        ...components(ctx, `vCPU (${vcpus})`, "cloudsql.vcpu", vcpus * HOURS_PER_MONTH, false),
        ...components(ctx, `Memory (${memoryGb} GB)`, "cloudsql.memory", memoryGb * HOURS_PER_MONTH, false),
        ...disk,
    ];
};

/** Dataflow streaming workers run all the time: vCPU and memory hours of the job's machine type (e2-standard-2 here). */
const MACHINES: Record<string, { vcpu: number; memoryGb: number }> = {
    "e2-standard-2": { vcpu: 2, memoryGb: 8 },
    "n1-standard-1": { vcpu: 1, memoryGb: 3.75 },
};

const dataflowJob: Pricer = (r, ctx) => {
    const type = String(r.inputs.machineType ?? "n1-standard-1");
    const machine = MACHINES[type];
    if (machine === undefined) return `machine type ${type} is not in the pricer's list`;
    const workers = Number(r.inputs.maxWorkers ?? 1);
    return [
        ...components(
            ctx,
            `Worker vCPU (${workers} x ${type}, streaming, never idle)`,
            "dataflow.streaming.vcpu",
            workers * machine.vcpu * HOURS_PER_MONTH,
            false,
        ),
        ...components(ctx, "Worker memory", "dataflow.streaming.memory", workers * machine.memoryGb * HOURS_PER_MONTH, false),
    ];
};

/** Each read scans the newest rows of the table (or of the table under a view); at least 10 MB is billed per query. */
const queryBytes = (ctx: PricerContext) =>
    components(ctx, "Query bytes (10 MB minimum per query)", "bigquery.query", (ctx.usage.reads * 10) / 1024);

/**
 * A BigQuery table by what it is: a view is billed only for the bytes its queries scan; a table with
 * `maxStaleness` is a change data capture table (Datastream's merge target), filled through the
 * Storage Write API and queried through its view; any other, the projector's, takes streaming inserts.
 * BigQuery CDC's background merge jobs bill compute too, which no collected source prices.
 */
const bigQueryTable: Pricer = (r, ctx) => {
    if (r.inputs.view !== undefined) return queryBytes(ctx);
    // One row change per write, about 1 KB (the document as JSON text).
    const changesGb = (ctx.usage.writes * 1) / 1_000_000;
    if (r.inputs.maxStaleness !== undefined)
        return [
            ...components(ctx, "Storage", "bigquery.storage", ctx.usage.storageGb),
            ...components(ctx, "Storage Write API (merged changes)", "bigquery.storageWrite", changesGb),
        ];
    return [
        ...components(ctx, "Storage", "bigquery.storage", ctx.usage.storageGb),
        // One row per projected change, about 1 KB each.
        ...components(ctx, "Streaming inserts", "bigquery.streamingInserts", changesGb),
        ...queryBytes(ctx),
    ];
};

/**
 * Datastream bills the GiB it processes, and an idle stream nothing (Datastream pricing page): each write
 * is one change of about 1 KB, counted twice, the low end of the page's "2-5 times larger than the actual
 * data" for processed bytes. The backfill copies what the write model holds when the stream starts.
 */
const datastreamStream: Pricer = (_r, ctx) => [
    ...components(ctx, "CDC (changes processed, 2 x the row size)", "datastream.cdc", (ctx.usage.writes * 2) / (1024 * 1024)),
    // One-off, not monthly: listed at no quantity so the report names the rate it lacks.
    ...components(ctx, "Backfill (once, at stream start: the write model's size)", "datastream.backfill", 0, false),
];

export const gcpPricers: Record<string, Pricer> = {
    "gcp:spanner/instance:Instance": (r, ctx) => [
        ...components(
            ctx,
            `Compute (${r.inputs.processingUnits ?? 1000} processing units, always on)`,
            "spanner.processingUnits",
            Number(r.inputs.processingUnits ?? 1000) * HOURS_PER_MONTH,
            false,
        ),
        ...components(ctx, "Storage", "spanner.storage", ctx.usage.storageGb),
    ],
    "gcp:dataflow/flexTemplateJob:FlexTemplateJob": dataflowJob,
    "gcp:bigquery/table:Table": bigQueryTable,
    "gcp:datastream/stream:Stream": datastreamStream,
    "gcp:cloudrunv2/service:Service": (r, ctx) =>
        containerTimeBesideAppAlone(
            ctx,
            cloudRunContainers(r),
            cloudRunAppAlone(r),
            Math.max(1, r.inputs.template?.scaling?.minInstanceCount ?? 0),
            {
                vcpu: "cloudrun.vcpu",
                memory: "cloudrun.memory",
                unitSeconds: 1,
            },
        ),
    "gcp:cloudfunctionsv2/function:Function": cloudFunction,
    "gcp:apigateway/gateway:Gateway": (_r, ctx) => components(ctx, "Calls", "apigateway.calls", ctx.usage.requests),
    "gcp:cloudtasks/queue:Queue": (_r, ctx) =>
        components(
            ctx,
            "Operations",
            "cloudtasks.operations",
            ctx.usage.messages *
                usageModel<number>(ctx.catalog, "cloudtasks.operationsPerMessage") *
                Math.max(1, Math.ceil(ctx.usage.messageSizeKb / 32)),
        ),
    "gcp:pubsub/topic:Topic": (_r, ctx) =>
        components(ctx, "Publish throughput", "pubsub.throughput", pubsubGib(ctx.usage.messages, ctx.usage.messageSizeKb)),
    "gcp:pubsub/subscription:Subscription": (_r, ctx) =>
        components(ctx, "Delivery throughput", "pubsub.throughput", pubsubGib(ctx.usage.messages, ctx.usage.messageSizeKb)),
    "gcp:firestore/database:Database": (_r, ctx) => [
        ...components(ctx, "Document reads", "firestore.reads", ctx.usage.reads),
        ...components(ctx, "Document writes", "firestore.writes", ctx.usage.writes),
        ...components(ctx, "Stored data", "firestore.storage", ctx.usage.storageGb),
    ],
    "gcp:sql/databaseInstance:DatabaseInstance": cloudSqlInstance,
    "gcp:storage/bucket:Bucket": (_r, ctx) => components(ctx, "Standard storage", "storage.standard", ctx.usage.storageGb),
    "gcp:secretmanager/secret:Secret": (_r, ctx) => components(ctx, "Active secret versions", "secretmanager.versions", 1, false),
};
