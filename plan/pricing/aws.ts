/** AWS resource types -> cost components. Prices: plan/prices/aws.json. */
import { usageModel } from "../catalog";
import type { RecordedResource } from "../mock-cloud";
import { usd } from "../render/format";
import type { CostComponent } from "../types";
import { components, HOURS_PER_MONTH, Pricer, PricerContext } from "./pricer";
import { containerTimeBesideAppAlone, fargateAppAlone, fargateContainers } from "./containers";

const lambda: Pricer = (r, ctx) => {
    const { invocations, averageDurationMs } = ctx.usage;
    const memoryGb = Number(r.inputs.memorySize ?? 128) / 1024;
    const arch = (r.inputs.architectures as string[] | undefined)?.[0] === "arm64" ? "arm64" : "x86_64";
    return [
        ...components(ctx, "Requests", "lambda.requests", invocations),
        ...components(
            ctx,
            `Duration (${arch}, ${r.inputs.memorySize ?? 128} MB)`,
            `lambda.duration.${arch}`,
            invocations * (averageDurationMs / 1000) * memoryGb,
        ),
    ];
};

const httpApi: Pricer = (r, ctx) =>
    r.inputs.protocolType === "WEBSOCKET"
        ? components(ctx, "WebSocket messages", "apigatewayv2.websocket.messages", ctx.usage.requests)
        : components(ctx, "Requests (HTTP API)", "apigatewayv2.http.requests", ctx.usage.requests);

const dynamodbTable: Pricer = (r, ctx) => {
    const { reads, writes, storageGb } = ctx.usage;
    const perOp = usageModel<number>(ctx.catalog, "dynamodb.unitsPerOperation");
    // Continuous backups are billed on the table's size (Infracost's pitr_backup_storage_gb).
    const storage = [
        ...components(ctx, "Data storage", "dynamodb.storage", storageGb),
        ...(r.inputs.pointInTimeRecovery?.enabled === true
            ? components(ctx, "Point-in-time recovery storage", "dynamodb.pitr.storage", storageGb)
            : []),
    ];
    if (r.inputs.billingMode !== "PAY_PER_REQUEST") {
        const capacity = Number(r.inputs.readCapacity ?? 0) + Number(r.inputs.writeCapacity ?? 0);
        return [...components(ctx, "Provisioned capacity", "dynamodb.provisioned.capacity", capacity * HOURS_PER_MONTH, false), ...storage];
    }
    return [
        ...components(ctx, "Write request units", "dynamodb.ondemand.writes", writes * perOp),
        ...components(ctx, "Read request units", "dynamodb.ondemand.reads", reads * perOp),
        ...storage,
    ];
};

/** Messages a queue's consumer takes per receive (and deletes per batch delete): its event source mapping's batchSize. */
function consumerBatch(queue: RecordedResource, ctx: PricerContext): number {
    const name = String(queue.inputs.name ?? queue.name);
    const mapping = ctx.resources.find(
        (r) => r.type === "aws:lambda/eventSourceMapping:EventSourceMapping" && String(r.inputs.eventSourceArn ?? "").endsWith(`:${name}`),
    );
    return Number(mapping?.inputs.batchSize ?? usageModel<number>(ctx.catalog, "sqs.messagesPerBatch"));
}

/** One send a message, one receive and one batch delete per batch; each 64 KB chunk is a request. */
const sqsQueue: Pricer = (r, ctx) => {
    const fifo = r.inputs.fifoQueue === true;
    const chunks = Math.max(1, Math.ceil(ctx.usage.messageSizeKb / 64));
    const batch = consumerBatch(r, ctx);
    return components(
        ctx,
        `${fifo ? "Requests (FIFO)" : "Requests"} (1 send a message, receive and delete in batches of ${batch})`,
        fifo ? "sqs.fifo.requests" : "sqs.standard.requests",
        ctx.usage.messages * (1 + 2 / batch) * chunks,
    );
};

/** Pipe requests, and the DynamoDB stream reads of a pipe from a table's stream (billed for Pipes, free for Lambda triggers). */
const pipe: Pricer = (r, ctx) => {
    const requests = components(ctx, "Requests", "pipes.requests", ctx.usage.messages);
    if (!/:dynamodb:.*\/stream\//.test(String(r.inputs.source ?? ""))) return requests;
    const batch = Number(
        r.inputs.sourceParameters?.dynamodbStreamParameters?.batchSize ?? usageModel<number>(ctx.catalog, "pipes.recordsPerStreamRead"),
    );
    return [...requests, ...components(ctx, `Stream reads (batches of ${batch})`, "dynamodb.streams.reads", ctx.usage.messages / batch)];
};

/**
 * An ALB's hours, and its capacity units from the month's requests spread evenly over it: the
 * larger of new connections (each request one, 25 a second to an LCU) and bytes processed (the
 * request and its answer `messageSizeKb` each, 1 GB an hour to an LCU). An estimate: the bill
 * takes the largest dimension hour by hour, so bursts cost more.
 */
const applicationLoadBalancer: Pricer = (_r, ctx) => {
    const { requests, messageSizeKb } = ctx.usage;
    const byConnections = requests / (25 * 3600);
    const byBytes = (requests * 2 * messageSizeKb) / (1024 * 1024);
    return [
        ...components(ctx, "Load balancer hours", "elb.application.hours", HOURS_PER_MONTH, false),
        ...components(ctx, "Capacity units", "elb.application.lcu", Math.max(byConnections, byBytes)),
    ];
};

const stateMachine: Pricer = (r, ctx) => {
    if (r.inputs.type === "EXPRESS") return "Express workflows are not priced: their prices are not in the collected sources";
    const states = Object.keys(safeJson(r.inputs.definition)?.States ?? {}).length || 1;
    return components(ctx, `State transitions (${states} per execution)`, "sfn.standard.transitions", ctx.usage.messages * states);
};

const logGroup: Pricer = (r, ctx) => {
    const retention = Number(r.inputs.retentionInDays ?? 0);
    // Without retention logs never expire: show a year's accumulation.
    const months = (retention > 0 ? retention : 365) / (HOURS_PER_MONTH / 24);
    return [
        ...components(ctx, "Data ingested", "logs.ingestion", ctx.usage.logGb),
        ...components(
            ctx,
            `Storage (${retention > 0 ? `${retention}-day retention` : "no retention: after a year"})`,
            "logs.storage",
            ctx.usage.logGb * months,
        ),
    ];
};

/** The Aurora cluster an instance joins, by its `clusterIdentifier` (the cluster's id). */
function clusterOf(instance: RecordedResource, ctx: PricerContext): RecordedResource | undefined {
    const clusters = ctx.resources.filter((r) => r.type === "aws:rds/cluster:Cluster");
    const id = String(instance.inputs.clusterIdentifier ?? "");
    return (
        clusters.find((c) => id === c.inputs.clusterIdentifier || id === `${c.name}-id`) ??
        (clusters.length === 1 ? clusters[0] : undefined)
    );
}

/** Storage and I/O are billed on the cluster; capacity on each of its instances. */
const auroraCluster: Pricer = (r, ctx) => {
    const ioOptimized = r.inputs.storageType === "aurora-iopt1";
    return [
        ...components(
            ctx,
            ioOptimized ? "Storage (I/O-Optimized)" : "Storage",
            ioOptimized ? "aurora.iooptimized.storage" : "aurora.storage",
            ctx.usage.storageGb,
        ),
        ...(ioOptimized
            ? []
            : components(
                  ctx,
                  "I/O requests",
                  "aurora.io",
                  (ctx.usage.reads + ctx.usage.writes) * usageModel<number>(ctx.catalog, "aurora.ioPerOperation"),
              )),
        // RDS keeps the managed master password in a Secrets Manager secret of its own, billed as any secret.
        ...(r.inputs.manageMasterUserPassword === true
            ? components(ctx, "Master user secret (managed by RDS)", "secretsmanager.secrets", 1, false)
            : []),
    ];
};

/** Interface endpoints bill per availability zone (one network interface per subnet) and hour; gateway endpoints are free. */
const vpcEndpoint: Pricer = (r, ctx) => {
    if (r.inputs.vpcEndpointType !== "Interface" && r.inputs.vpcEndpointType !== "GatewayLoadBalancer")
        return "a gateway endpoint: no charge";
    const zones = Math.max(1, ((r.inputs.subnetIds as unknown[] | undefined) ?? []).length);
    return [
        ...components(ctx, `Endpoint hours (${zones} availability zones)`, "vpc.interfaceEndpoint.hours", zones * HOURS_PER_MONTH, false),
        ...components(ctx, "Data processed (depends on usage)", "vpc.interfaceEndpoint.data", 0),
    ];
};

const auroraInstance: Pricer = (r, ctx) => {
    const instanceClass = String(r.inputs.instanceClass ?? "");
    if (instanceClass !== "db.serverless")
        return components(ctx, `Instance (${instanceClass || "unknown class"})`, "aurora.provisioned.instance", HOURS_PER_MONTH, false);
    const scaling = clusterOf(r, ctx)?.inputs.serverlessv2ScalingConfiguration ?? {};
    const min = Number(scaling.minCapacity ?? 0.5);
    const inUse = ctx.usage.reads + ctx.usage.writes > 0;
    // Traffic keeps an instance from pausing: it runs at least the smallest non-zero capacity.
    const floor = inUse ? Math.max(min, usageModel<number>(ctx.catalog, "aurora.serverlessv2.minActiveAcu")) : min;
    return components(
        ctx,
        `Capacity (serverless v2, ${floor} ACU floor of ${min}-${scaling.maxCapacity ?? "?"} ACU)`,
        "aurora.serverlessv2.capacity",
        floor * HOURS_PER_MONTH,
        inUse,
    );
};

// A policy document's JSON, read field by field like the mocks' inputs it comes from.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function safeJson(v: unknown): any {
    if (typeof v !== "string") return v;
    try {
        return JSON.parse(v);
    } catch {
        return undefined;
    }
}

/** One alarm metric a month (each metric query of a metric-math alarm counts); under 60 s periods are high resolution. */
const metricAlarm: Pricer = (r, ctx) => {
    const metrics = Math.max(1, ((r.inputs.metricQueries as { metric?: unknown }[] | undefined) ?? []).filter((q) => q.metric).length);
    const high = Number(r.inputs.period ?? 60) < 60;
    return components(
        ctx,
        `${high ? "High" : "Standard"} resolution alarm (${metrics} metrics)`,
        high ? "cloudwatch.alarms.high" : "cloudwatch.alarms.standard",
        metrics,
        false,
    );
};

/** A domain bills its nodes' hours (only t3.small.search is in the catalog) and their EBS storage. */
const openSearchDomain: Pricer = (r, ctx) => {
    const cluster = r.inputs.clusterConfig ?? {};
    const nodes = Number(cluster.instanceCount ?? 1);
    const type = String(cluster.instanceType ?? "");
    if (type !== "t3.small.search") return `instance type ${type} is not in the collected sources`;
    return {
        components: [
            ...components(ctx, `Instances (${nodes} x ${type})`, "opensearch.t3small.hours", nodes * HOURS_PER_MONTH, false),
            ...components(ctx, "EBS storage", "opensearch.ebs.gp3", nodes * Number(r.inputs.ebsOptions?.volumeSize ?? 10), false),
        ],
        // CQRS defaults to the cheaper read store and shows the other one's floor beside it (issue: the cost report says both).
        note: `the other read store, an OpenSearch Serverless collection (CQRS aws.readStore "serverless"), has a floor of ${floorCost(collectionFloor(1), ctx)} a month`,
    };
};

/** A collection's floor: 0.5 indexing + 0.5 search OCU without standby replicas, twice that with; it never scales to zero. */
const openSearchCollection: Pricer = (r, ctx) => {
    const ocus = r.inputs.standbyReplicas === "DISABLED" ? 1 : 2;
    return {
        components: collectionFloor(ocus)(ctx),
        note: `the other read store, one t3.small.search domain node (CQRS aws.readStore "domain"), costs ${floorCost((c) => components(c, "Instances", "opensearch.t3small.hours", HOURS_PER_MONTH, false), ctx)} a month before its storage`,
    };
};

const collectionFloor =
    (ocus: number) =>
    (ctx: PricerContext): CostComponent[] =>
        components(ctx, `Compute floor (${ocus} OCU, always on)`, "opensearch.serverless.ocu", ocus * HOURS_PER_MONTH, false);

/** A fixed monthly cost, as the report writes it; "an unknown amount" when the catalog has no price for it. */
function floorCost(cost: (ctx: PricerContext) => CostComponent[], ctx: PricerContext): string {
    const monthly = cost(ctx).map((c) => c.monthlyCost);
    return monthly.some((m) => m === null)
        ? "an unknown amount (its price is not in the catalog)"
        : usd(monthly.reduce<number>((a, m) => a + m!, 0));
}

export const awsPricers: Record<string, Pricer> = {
    "aws:opensearch/domain:Domain": openSearchDomain,
    "aws:opensearch/serverlessCollection:ServerlessCollection": openSearchCollection,
    "aws:ecs/service:Service": (r, ctx) => {
        const task = ctx.resources.find(
            (t) => t.type === "aws:ecs/taskDefinition:TaskDefinition" && String(r.inputs.taskDefinition).endsWith(`:${t.name}`),
        );
        if (!task) return "its task definition is not in the evaluation";
        return containerTimeBesideAppAlone(ctx, fargateContainers(task), fargateAppAlone(task), Math.max(1, r.inputs.desiredCount ?? 1), {
            vcpu: "fargate.vcpu",
            memory: "fargate.memory",
            unitSeconds: 3600,
        });
    },
    "aws:lb/loadBalancer:LoadBalancer": applicationLoadBalancer,
    "aws:lambda/function:Function": lambda,
    "aws:apigatewayv2/api:Api": httpApi,
    "aws:dynamodb/table:Table": dynamodbTable,
    "aws:sqs/queue:Queue": sqsQueue,
    "aws:sfn/stateMachine:StateMachine": stateMachine,
    "aws:cloudwatch/logGroup:LogGroup": logGroup,
    "aws:cloudwatch/eventBus:EventBus": (_r, ctx) => components(ctx, "Custom events", "eventbridge.custom.events", ctx.usage.messages),
    "aws:pipes/pipe:Pipe": pipe,
    "aws:cloudwatch/metricAlarm:MetricAlarm": metricAlarm,
    "aws:secretsmanager/secret:Secret": (_r, ctx) => components(ctx, "Secret", "secretsmanager.secrets", 1, false),
    "aws:kms/key:Key": (_r, ctx) => components(ctx, "Customer managed key", "kms.keys", 1, false),
    "aws:sns/topic:Topic": (_r, ctx) => components(ctx, "Requests", "sns.requests", ctx.usage.messages),
    "aws:rds/cluster:Cluster": auroraCluster,
    "aws:rds/clusterInstance:ClusterInstance": auroraInstance,
    "aws:ec2/vpcEndpoint:VpcEndpoint": vpcEndpoint,
    "aws:s3/bucket:Bucket": (_r, ctx) => components(ctx, "Storage", "s3.storage", ctx.usage.storageGb),
    "aws:s3/bucketV2:BucketV2": (_r, ctx) => components(ctx, "Storage", "s3.storage", ctx.usage.storageGb),
};
