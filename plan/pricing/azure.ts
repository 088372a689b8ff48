/** Azure (azure-native) resource types -> cost components. Prices: plan/prices/azure.json. */
import { usageModel } from "../catalog";
import type { RecordedResource } from "../mock-cloud";
import { components, HOURS_PER_MONTH, Pricer, PricerContext } from "./pricer";
import { containerAppAppAlone, containerAppContainers, containerTimeBesideAppAlone } from "./containers";

/** The SKU of the plan a function app runs on, matched by the app's serverFarmId. */
function planSku(app: RecordedResource, ctx: PricerContext): string | undefined {
    const farm = String(app.inputs.serverFarmId ?? "");
    const plan = ctx.resources.find(
        (r) => r.type === "azure-native:web:AppServicePlan" && (farm.endsWith(`/${r.name}`) || farm === (r.inputs.name ?? r.name)),
    );
    return plan?.inputs.sku?.name;
}

/**
 * The billed length of one Flex Consumption execution period: at least the minimum, then rounded
 * up to the increment. Each execution is priced as its own period: the most it can bill, since
 * executions that overlap on an instance share one (the plan has no arrival model to say how many do).
 */
export function flexBilledMs(durationMs: number, ctx: PricerContext): number {
    const minimum = usageModel<number>(ctx.catalog, "functions.flex.minimumBilledMs");
    const increment = usageModel<number>(ctx.catalog, "functions.flex.billingIncrementMs");
    return Math.max(minimum, Math.ceil(durationMs / increment) * increment);
}

const webApp: Pricer = (r, ctx) => {
    if (!String(r.inputs.kind ?? "").includes("functionapp")) return "a web app is billed through its App Service plan";
    const { invocations, averageDurationMs } = ctx.usage;
    const seconds = invocations * (averageDurationMs / 1000);
    const sku = planSku(r, ctx);
    if (sku === "FC1") {
        const memoryMb = Number(r.inputs.functionAppConfig?.scaleAndConcurrency?.instanceMemoryMB ?? 2048);
        const billedMs = flexBilledMs(averageDurationMs, ctx);
        return [
            ...components(ctx, "Executions (on demand)", "functions.flex.executions", invocations),
            ...components(
                ctx,
                `Execution time (on demand, ${memoryMb} MB instances, ${averageDurationMs} ms billed as ${billedMs} ms)`,
                "functions.flex.duration",
                invocations * (billedMs / 1000) * (memoryMb / 1024),
            ),
        ];
    }
    if (sku === "Y1") {
        // Consumption bills observed memory, rounded up to 128 MB, at most 1.5 GB: price the maximum.
        return [
            ...components(ctx, "Executions", "functions.consumption.executions", invocations),
            ...components(ctx, "Execution time (1.5 GB)", "functions.consumption.duration", seconds * 1.5),
        ];
    }
    return "runs on a dedicated App Service plan, priced on the plan";
};

const appServicePlan: Pricer = (r, ctx) => {
    const sku = r.inputs.sku?.name;
    if (sku === "FC1" || sku === "Y1") return "a consumption plan bills through the function apps on it";
    return components(
        ctx,
        `Instances (${sku ?? "unknown SKU"})`,
        "appservice.dedicated",
        Number(r.inputs.sku?.capacity ?? 1) * HOURS_PER_MONTH,
        false,
    );
};

const apiManagement: Pricer = (r, ctx) => {
    const sku = r.inputs.sku?.name;
    if (sku === "Consumption") return components(ctx, "Calls (Consumption)", "apim.consumption.calls", ctx.usage.requests);
    return components(
        ctx,
        `Units (${sku ?? "unknown SKU"})`,
        "apim.dedicated",
        Math.max(1, Number(r.inputs.sku?.capacity ?? 1)) * HOURS_PER_MONTH,
        false,
    );
};

const cosmosAccount: Pricer = (r, ctx) => {
    const serverless = ((r.inputs.capabilities as { name: string }[] | undefined) ?? []).some((c) => c.name === "EnableServerless");
    const storage = components(ctx, "Transactional storage", "cosmos.storage", ctx.usage.storageGb);
    if (!serverless) return storage;
    const ru =
        ctx.usage.reads * usageModel<number>(ctx.catalog, "cosmos.ruPerRead") +
        ctx.usage.writes * usageModel<number>(ctx.catalog, "cosmos.ruPerWrite");
    return [...components(ctx, "Request units (serverless)", "cosmos.serverless.ru", ru), ...storage];
};

/** Provisioned throughput, where a database or container sets it (serverless accounts price on the account). */
const cosmosThroughput: Pricer = (r, ctx) => {
    const options = r.inputs.options ?? {};
    const throughput = Number(options.throughput ?? options.autoscaleSettings?.maxThroughput ?? 0);
    if (!throughput) return "no provisioned throughput: request units are priced on the serverless account";
    return components(
        ctx,
        `Provisioned throughput (${throughput} RU/s)`,
        "cosmos.provisioned.throughput",
        (throughput / 100) * HOURS_PER_MONTH,
        false,
    );
};

const serviceBusNamespace: Pricer = (r, ctx) => {
    const operations = ctx.usage.messages * usageModel<number>(ctx.catalog, "servicebus.operationsPerMessage");
    switch (r.inputs.sku?.name) {
        case "Standard":
            return [
                ...components(ctx, "Base charge (Standard)", "servicebus.standard.base", HOURS_PER_MONTH, false),
                ...components(ctx, "Operations", "servicebus.standard.operations", operations),
            ];
        case "Premium":
            return components(
                ctx,
                "Messaging units (Premium)",
                "servicebus.premium",
                Math.max(1, Number(r.inputs.sku?.capacity ?? 1)) * HOURS_PER_MONTH,
                false,
            );
        default:
            return components(ctx, "Operations (Basic)", "servicebus.basic.operations", operations);
    }
};

/** Flexible Server SKUs with a sourced hourly price (catalog ids `postgres.flexible.<sku>`). */
const POSTGRES_SKUS: Readonly<Record<string, string>> = {
    Standard_B1ms: "postgres.flexible.b1ms",
    Standard_D2ds_v5: "postgres.flexible.d2ds_v5",
};

const postgresFlexibleServer: Pricer = (r, ctx) => {
    const sku = String(r.inputs.sku?.name ?? "");
    // Provisioned storage is billed whether used or not; autoGrow raises it to what the data needs.
    const provisionedGb = Number(r.inputs.storage?.storageSizeGB ?? 32);
    const storageGb = Math.max(provisionedGb, ctx.usage.storageGb);
    return [
        ...components(ctx, `Compute (${sku || "unknown SKU"})`, POSTGRES_SKUS[sku] ?? "postgres.flexible.other", HOURS_PER_MONTH, false),
        ...components(ctx, `Storage (${provisionedGb} GB provisioned)`, "postgres.flexible.storage", storageGb, storageGb > provisionedGb),
    ];
};

/** Every publish to a topic is an operation; the deliveries are priced on each event subscription. */
const eventGridTopic: Pricer = (_r, ctx) => components(ctx, "Operations: publishes", "eventgrid.operations", ctx.usage.messages);

/**
 * Each delivery attempt to the subscription's endpoint is an operation: one per event that reaches
 * it (its pattern's event volume), more when deliveries are retried.
 */
const eventGridSubscription: Pricer = (_r, ctx) =>
    components(
        ctx,
        "Operations: deliveries",
        "eventgrid.operations",
        ctx.usage.messages * usageModel<number>(ctx.catalog, "eventgrid.deliveriesPerSubscription"),
    );

/** One monitored time series per criterion (no dimension splitting), a month. */
const metricAlert: Pricer = (r, ctx) => {
    const criteria = Math.max(1, ((r.inputs.criteria?.allOf as unknown[] | undefined) ?? []).length);
    return components(ctx, `Metrics monitoring (${criteria} time series)`, "monitor.metricAlert.timeSeries", criteria, false);
};

export const azurePricers: Record<string, Pricer> = {
    "azure-native:app:ContainerApp": (r, ctx) =>
        containerTimeBesideAppAlone(
            ctx,
            containerAppContainers(r),
            containerAppAppAlone(r),
            Math.max(1, r.inputs.template?.scale?.minReplicas ?? 0),
            {
                vcpu: "containerapps.vcpu",
                memory: "containerapps.memory",
                unitSeconds: 1,
            },
        ),
    "azure-native:web:WebApp": webApp,
    "azure-native:web:AppServicePlan": appServicePlan,
    "azure-native:apimanagement:ApiManagementService": apiManagement,
    "azure-native:cosmosdb:DatabaseAccount": cosmosAccount,
    "azure-native:cosmosdb:SqlResourceSqlDatabase": cosmosThroughput,
    "azure-native:cosmosdb:SqlResourceSqlContainer": cosmosThroughput,
    "azure-native:servicebus:Namespace": serviceBusNamespace,
    "azure-native:dbforpostgresql:Server": postgresFlexibleServer,
    "azure-native:storage:StorageAccount": (_r, ctx) => components(ctx, "Blob storage", "storage.blob", ctx.usage.storageGb),
    "azure-native:keyvault:Vault": (_r, ctx) =>
        components(ctx, "Secret operations (read at cold start: depends on usage)", "keyvault.operations", 0),
    "azure-native:applicationinsights:Component": (r, ctx) =>
        r.inputs.workspaceResourceId
            ? "workspace-based: ingestion is priced on its Log Analytics workspace"
            : components(ctx, "Data ingestion", "loganalytics.ingestion", ctx.usage.logGb),
    "azure-native:operationalinsights:Workspace": (_r, ctx) => components(ctx, "Data ingestion", "loganalytics.ingestion", ctx.usage.logGb),
    "azure-native:eventgrid:Topic": eventGridTopic,
    "azure-native:eventgrid:EventSubscription": eventGridSubscription,
    "azure-native:eventgrid:SystemTopicEventSubscription": eventGridSubscription,
    "azure-native:eventgrid:TopicEventSubscription": eventGridSubscription,
    "azure-native:monitor:MetricAlert": metricAlert,
    "azure-native:eventgrid:SystemTopic": eventGridTopic,
    "azure-native:search:Service": (r, ctx) =>
        r.inputs.sku?.name === "basic"
            ? components(
                  ctx,
                  "Search units (basic)",
                  "search.basic",
                  Number(r.inputs.replicaCount ?? 1) * Number(r.inputs.partitionCount ?? 1) * HOURS_PER_MONTH,
                  false,
              )
            : r.inputs.sku?.name === "free"
              ? "the free tier"
              : components(
                    ctx,
                    `Search units (${r.inputs.sku?.name})`,
                    "search.other",
                    Number(r.inputs.replicaCount ?? 1) * Number(r.inputs.partitionCount ?? 1) * HOURS_PER_MONTH,
                    false,
                ),
};
