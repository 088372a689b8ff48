/** Retry under Pulumi mocks on each cloud: exact children, the inputs that matter, IAM scope, outputs, bad args. */
import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Retry, RetryArgs } from "../../components/retry";
import { evaluate, RecordedResource, valueOf } from "../../plan/mock-cloud";
import { inventory, only } from "../support/resources";

const WORKER = path.resolve(__dirname, "../fixtures/retry/worker.ts");
const CONFIG = { "gcp:region": "europe-west1", "gcp:project": "mock-project", "azure-native:location": "westeurope" };
const ARGS: RetryArgs = {
    workerModule: WORKER,
    maxAttempts: 4,
    minBackoffSeconds: 2,
    maxBackoffSeconds: 120,
    timeoutSeconds: 20,
    concurrency: 5,
    tags: { team: "payments" },
};

async function deploy(cloud: string, args: RetryArgs = ARGS) {
    const { resources, result } = await evaluate(
        async () => {
            const retry = new Retry("orders", args);
            return {
                enqueueUrl: await valueOf(retry.enqueueUrl),
                queueName: await valueOf(retry.queueName),
                deadLetterName: await valueOf(retry.deadLetterName),
                retry,
            };
        },
        { config: { "cloud-patterns:cloud": cloud, ...CONFIG } },
    );
    return { resources, ...result };
}

const settingsOf = (r: RecordedResource): Record<string, any> => {
    const env =
        r.inputs.environment?.variables ??
        r.inputs.serviceConfig?.environmentVariables ??
        Object.fromEntries((r.inputs.siteConfig?.appSettings ?? []).map((s: { name: string; value: string }) => [s.name, s.value]));
    return JSON.parse(env.CLOUD_PATTERNS_CONFIG);
};
const envOf = (r: RecordedResource): Record<string, string> =>
    Object.fromEntries((r.inputs.siteConfig?.appSettings ?? []).map((s: { name: string; value: string }) => [s.name, s.value]));

describe("Retry on AWS (mocks)", () => {
    let d: Awaited<ReturnType<typeof deploy>>;
    before(async () => (d = await deploy("aws")));
    const arnOf = (name: string) => `arn:aws:sqs:us-east-1:123456789012:${only(d.resources, "aws:sqs/queue:Queue", name).inputs.name}`;

    it("creates exactly the queues, table, two functions, their roles and policies, the mapping and the function URL", () => {
        assert.deepEqual(inventory(d.resources), [
            "aws:cloudwatch/logGroup:LogGroup orders-enqueue-logs",
            "aws:cloudwatch/logGroup:LogGroup orders-worker-logs",
            "aws:cloudwatch/metricAlarm:MetricAlarm orders-dead-letters-alarm",
            "aws:dynamodb/table:Table orders-records",
            "aws:iam/role:Role orders-enqueue-role",
            "aws:iam/role:Role orders-worker-role",
            "aws:iam/rolePolicy:RolePolicy orders-enqueue-policy",
            "aws:iam/rolePolicy:RolePolicy orders-worker-policy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment orders-enqueue-basic-execution",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment orders-worker-basic-execution",
            "aws:lambda/eventSourceMapping:EventSourceMapping orders-trigger",
            "aws:lambda/function:Function orders-enqueue-function",
            "aws:lambda/function:Function orders-worker-function",
            "aws:lambda/functionUrl:FunctionUrl orders-enqueue-url",
            "aws:sqs/queue:Queue orders-dead-letters",
            "aws:sqs/queue:Queue orders-queue",
        ]);
        assert.ok(
            d.resources.filter((r) => r.custom).every((r) => r.parent?.endsWith("::orders") || r.parent?.includes("Retry")),
            "every child is parented to the component",
        );
    });

    it("alarms on the dead-letter queue's depth: most visible messages over a minute above 0, no notification unless alarmNotify", () => {
        const alarm = only(d.resources, "aws:cloudwatch/metricAlarm:MetricAlarm", "orders-dead-letters-alarm").inputs;
        assert.deepEqual(
            {
                namespace: alarm.namespace,
                metricName: alarm.metricName,
                dimensions: alarm.dimensions,
                statistic: alarm.statistic,
                period: alarm.period,
                evaluationPeriods: alarm.evaluationPeriods,
                threshold: alarm.threshold,
                comparisonOperator: alarm.comparisonOperator,
                treatMissingData: alarm.treatMissingData,
                alarmActions: alarm.alarmActions,
            },
            {
                namespace: "AWS/SQS",
                metricName: "ApproximateNumberOfMessagesVisible",
                dimensions: { QueueName: only(d.resources, "aws:sqs/queue:Queue", "orders-dead-letters").inputs.name },
                statistic: "Maximum",
                period: 60,
                evaluationPeriods: 1,
                threshold: 0,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
                alarmActions: [],
            },
        );
        assert.ok(alarm.name.length <= 255, "CloudWatch alarm names are at most 255 characters");
    });

    it("sends the alarm to the alarmNotify SNS topic, and back to OK there", async () => {
        const topic = "arn:aws:sns:us-east-1:123456789012:on-call";
        const { resources } = await deploy("aws", { ...ARGS, alarmNotify: topic });
        const alarm = only(resources, "aws:cloudwatch/metricAlarm:MetricAlarm", "orders-dead-letters-alarm").inputs;
        assert.deepEqual([alarm.alarmActions, alarm.okActions], [[topic], [topic]]);
    });

    it("redrives to the encrypted dead-letter queue at maxReceiveCount = maxAttempts, with visibility >= 6x the function timeout", () => {
        const queue = only(d.resources, "aws:sqs/queue:Queue", "orders-queue").inputs;
        const dlq = only(d.resources, "aws:sqs/queue:Queue", "orders-dead-letters").inputs;
        assert.deepEqual(JSON.parse(queue.redrivePolicy), { deadLetterTargetArn: arnOf("orders-dead-letters"), maxReceiveCount: 4 });
        assert.equal(queue.sqsManagedSseEnabled, true);
        assert.equal(dlq.sqsManagedSseEnabled, true);
        assert.equal(dlq.messageRetentionSeconds, 1_209_600);
        assert.equal(queue.visibilityTimeoutSeconds, 6 * 30);
        assert.equal(only(d.resources, "aws:lambda/function:Function", "orders-worker-function").inputs.timeout, 30);
        assert.equal(queue.tags.team, "payments");
        assert.equal(queue.tags["managed-by"], "cloud-patterns");
    });

    it("maps the queue to the worker with ReportBatchItemFailures and the concurrency cap", () => {
        const esm = only(d.resources, "aws:lambda/eventSourceMapping:EventSourceMapping").inputs;
        assert.equal(esm.eventSourceArn, arnOf("orders-queue"));
        assert.equal(
            esm.functionName,
            `arn:aws:lambda:us-east-1:123456789012:function:${only(d.resources, "aws:lambda/function:Function", "orders-worker-function").inputs.name}`,
        );
        assert.deepEqual(esm.functionResponseTypes, ["ReportBatchItemFailures"]);
        assert.deepEqual(esm.scalingConfig, { maximumConcurrency: 5 });
        assert.equal(esm.batchSize, 10);
    });

    it("limits IAM to this queue, this dead-letter queue and this table", () => {
        const table = only(d.resources, "aws:dynamodb/table:Table").inputs;
        const worker = JSON.parse(only(d.resources, "aws:iam/rolePolicy:RolePolicy", "orders-worker-policy").inputs.policy);
        assert.deepEqual(worker.Statement, [
            {
                Effect: "Allow",
                Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"],
                Resource: [arnOf("orders-queue")],
            },
            { Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [arnOf("orders-dead-letters")] },
            {
                Effect: "Allow",
                Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
                Resource: [`arn:aws:dynamodb:us-east-1:123456789012:table/${table.name}`],
            },
        ]);
        const enqueue = JSON.parse(only(d.resources, "aws:iam/rolePolicy:RolePolicy", "orders-enqueue-policy").inputs.policy);
        assert.deepEqual(enqueue.Statement, [{ Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [arnOf("orders-queue")] }]);
    });

    it("keeps idempotency records in an encrypted on-demand table with TTL", () => {
        const table = only(d.resources, "aws:dynamodb/table:Table").inputs;
        assert.equal(table.billingMode, "PAY_PER_REQUEST");
        assert.equal(table.hashKey, "id");
        assert.deepEqual(table.serverSideEncryption, { enabled: true });
        assert.deepEqual(table.ttl, { attributeName: "ttl", enabled: true });
    });

    it("writes the worker's and the enqueue function's settings from the args", () => {
        const worker = settingsOf(only(d.resources, "aws:lambda/function:Function", "orders-worker-function"));
        const queueUrl = `https://sqs.us-east-1.amazonaws.com/123456789012/${only(d.resources, "aws:sqs/queue:Queue", "orders-queue").inputs.name}`;
        assert.deepEqual(worker, {
            maxAttempts: 4,
            minBackoffMs: 2000,
            maxBackoffMs: 120_000,
            attemptTimeoutMs: 20_000,
            breaker: { consecutiveFailures: 5, halfOpenAfterMs: 30_000 },
            idempotency: {
                ttlSeconds: 86_400,
                inProgressSeconds: 90,
                scope: "orders",
                store: { kind: "dynamodb", table: only(d.resources, "aws:dynamodb/table:Table").inputs.name },
            },
            queue: {
                kind: "sqs",
                queueUrl,
                deadLetterQueueUrl: `https://sqs.us-east-1.amazonaws.com/123456789012/${only(d.resources, "aws:sqs/queue:Queue", "orders-dead-letters").inputs.name}`,
            },
        });
        assert.deepEqual(settingsOf(only(d.resources, "aws:lambda/function:Function", "orders-enqueue-function")), {
            maxBodyBytes: 262_144,
            queue: { kind: "sqs", queueUrl },
        });
    });

    it("serves enqueueUrl from an IAM-authenticated function URL and names the queues", () => {
        assert.equal(only(d.resources, "aws:lambda/functionUrl:FunctionUrl").inputs.authorizationType, "AWS_IAM");
        assert.match(d.enqueueUrl, /^https:\/\/.+\.lambda-url\.us-east-1\.on\.aws\/$/);
        assert.equal(d.queueName, only(d.resources, "aws:sqs/queue:Queue", "orders-queue").inputs.name);
        assert.equal(d.deadLetterName, only(d.resources, "aws:sqs/queue:Queue", "orders-dead-letters").inputs.name);
        assert.ok(d.retry.aws && !d.retry.azure && !d.retry.gcp);
    });

    it("without idempotency: no table and no DynamoDB grant; a targetUrl goes into the settings", async () => {
        const plain = await deploy("aws", { targetUrl: "https://orders.internal/process", idempotency: { enabled: false } });
        assert.equal(plain.resources.filter((r) => r.type === "aws:dynamodb/table:Table").length, 0);
        const policy = JSON.parse(only(plain.resources, "aws:iam/rolePolicy:RolePolicy", "orders-worker-policy").inputs.policy);
        assert.ok(policy.Statement.every((s: { Action: string[] }) => s.Action.every((a) => a.startsWith("sqs:"))));
        const settings = settingsOf(only(plain.resources, "aws:lambda/function:Function", "orders-worker-function"));
        assert.equal(settings.targetUrl, "https://orders.internal/process");
        assert.equal(settings.idempotency, undefined);
    });
});

describe("Retry on Azure (mocks)", () => {
    let d: Awaited<ReturnType<typeof deploy>>;
    before(async () => (d = await deploy("azure")));
    const ROLE = { receiver: "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0", sender: "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39" };
    const idOf = (type: string, name: string) =>
        `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mock-rg/providers/Microsoft.${type.split(":")[1]}/${type.split(":")[2]}/${name}`;

    it("creates exactly the namespace, two queues, Cosmos DB records, two function apps and their role assignments", () => {
        assert.deepEqual(inventory(d.resources), [
            "azure-native:applicationinsights:Component orders-enqueue-insights",
            "azure-native:applicationinsights:Component orders-worker-insights",
            "azure-native:authorization:RoleAssignment orders-enqueue-send",
            "azure-native:authorization:RoleAssignment orders-enqueue-storage-access",
            "azure-native:authorization:RoleAssignment orders-enqueue-telemetry-access",
            "azure-native:authorization:RoleAssignment orders-worker-dead-letter",
            "azure-native:authorization:RoleAssignment orders-worker-receive",
            "azure-native:authorization:RoleAssignment orders-worker-reschedule",
            "azure-native:authorization:RoleAssignment orders-worker-storage-access",
            "azure-native:authorization:RoleAssignment orders-worker-telemetry-access",
            "azure-native:cosmosdb:DatabaseAccount orders-cosmos",
            "azure-native:cosmosdb:SqlResourceSqlContainer orders-records",
            "azure-native:cosmosdb:SqlResourceSqlDatabase orders-records-db",
            "azure-native:cosmosdb:SqlResourceSqlRoleAssignment orders-worker-records",
            "azure-native:monitor:MetricAlert orders-dead-letters-alarm",
            "azure-native:operationalinsights:Workspace orders-enqueue-logs",
            "azure-native:operationalinsights:Workspace orders-worker-logs",
            "azure-native:resources:ResourceGroup orders-rg",
            "azure-native:servicebus:Namespace orders-bus",
            "azure-native:servicebus:Queue orders-dead-letters",
            "azure-native:servicebus:Queue orders-queue",
            "azure-native:storage:Blob orders-enqueue-package",
            "azure-native:storage:Blob orders-worker-package",
            "azure-native:storage:BlobContainer orders-enqueue-deployments",
            "azure-native:storage:BlobContainer orders-worker-deployments",
            "azure-native:storage:StorageAccount orders-enqueue-storage",
            "azure-native:storage:StorageAccount orders-worker-storage",
            "azure-native:web:AppServicePlan orders-enqueue-plan",
            "azure-native:web:AppServicePlan orders-worker-plan",
            "azure-native:web:WebApp orders-enqueue-app",
            "azure-native:web:WebApp orders-worker-app",
        ]);
    });

    it("alarms on the dead-letter queue: Service Bus ActiveMessages of that queue (where all dead letters arrive) above 0, every minute", async () => {
        const alarm = only(d.resources, "azure-native:monitor:MetricAlert", "orders-dead-letters-alarm").inputs;
        assert.deepEqual(alarm.scopes, [idOf("azure-native:servicebus:Namespace", "orders-bus")]);
        assert.deepEqual([alarm.location, alarm.evaluationFrequency, alarm.windowSize, alarm.enabled], ["global", "PT1M", "PT1M", true]);
        assert.deepEqual(alarm.criteria.allOf, [
            {
                criterionType: "StaticThresholdCriterion",
                name: "dead-letters",
                metricNamespace: "Microsoft.ServiceBus/namespaces",
                metricName: "ActiveMessages",
                timeAggregation: "Maximum",
                operator: "GreaterThan",
                threshold: 0,
                dimensions: [{ name: "EntityName", operator: "Include", values: ["dead-letters"] }],
            },
        ]);
        assert.deepEqual(alarm.actions, []);
        const group = "/subscriptions/s/resourceGroups/ops/providers/Microsoft.Insights/actionGroups/on-call";
        const notified = await deploy("azure", { ...ARGS, alarmNotify: group });
        assert.deepEqual(only(notified.resources, "azure-native:monitor:MetricAlert").inputs.actions, [{ actionGroupId: group }]);
    });

    it("makes a Standard namespace with TLS 1.2 and local auth off, and a queue with maxDeliveryCount = maxAttempts whose dead letters are forwarded", () => {
        const ns = only(d.resources, "azure-native:servicebus:Namespace").inputs;
        assert.deepEqual(ns.sku, { name: "Standard", tier: "Standard" });
        assert.equal(ns.minimumTlsVersion, "1.2");
        assert.equal(ns.disableLocalAuth, true);
        assert.equal(ns.tags.team, "payments");
        const queue = only(d.resources, "azure-native:servicebus:Queue", "orders-queue").inputs;
        assert.equal(queue.maxDeliveryCount, 4);
        assert.equal(queue.forwardDeadLetteredMessagesTo, "dead-letters");
        assert.equal(queue.deadLetteringOnMessageExpiration, true);
        assert.equal(queue.requiresDuplicateDetection, true);
    });

    it("reaches Service Bus and Cosmos DB by managed identity, with roles on these queues and this container only", () => {
        const assignment = (name: string) => only(d.resources, "azure-native:authorization:RoleAssignment", name).inputs;
        const queueId = idOf("azure-native:servicebus:Queue", "orders-queue");
        const dlqId = idOf("azure-native:servicebus:Queue", "orders-dead-letters");
        assert.equal(assignment("orders-worker-receive").scope, queueId);
        assert.match(assignment("orders-worker-receive").roleDefinitionId, new RegExp(`${ROLE.receiver}$`));
        assert.equal(assignment("orders-worker-reschedule").scope, queueId);
        assert.match(assignment("orders-worker-reschedule").roleDefinitionId, new RegExp(`${ROLE.sender}$`));
        assert.equal(assignment("orders-worker-dead-letter").scope, dlqId);
        assert.equal(assignment("orders-enqueue-send").scope, queueId);
        assert.equal(assignment("orders-worker-receive").principalId, "orders-worker-app-principal");
        assert.equal(assignment("orders-enqueue-send").principalId, "orders-enqueue-app-principal");
        const records = only(d.resources, "azure-native:cosmosdb:SqlResourceSqlRoleAssignment").inputs;
        assert.equal(records.scope, `${idOf("azure-native:cosmosdb:DatabaseAccount", "orders-cosmos")}/dbs/retry/colls/idempotency`);
        assert.equal(records.principalId, "orders-worker-app-principal");
        const env = envOf(only(d.resources, "azure-native:web:WebApp", "orders-worker-app"));
        assert.match(env.RetryServiceBus__fullyQualifiedNamespace, /\.servicebus\.windows\.net$/);
        assert.ok(
            !Object.keys(env).some((k) => /ConnectionString|SharedAccessKey/i.test(k) || /SharedAccessKey/.test(env[k])),
            "no connection strings",
        );
    });

    it("keeps records in a serverless Cosmos DB account (TLS 1.2, local auth off) with per-item TTL", () => {
        const account = only(d.resources, "azure-native:cosmosdb:DatabaseAccount").inputs;
        assert.deepEqual(account.capabilities, [{ name: "EnableServerless" }]);
        assert.equal(account.minimalTlsVersion, "Tls12");
        assert.equal(account.disableLocalAuth, true);
        const container = only(d.resources, "azure-native:cosmosdb:SqlResourceSqlContainer").inputs.resource;
        assert.deepEqual(container.partitionKey, { paths: ["/id"], kind: "Hash", version: 2 });
        assert.equal(container.defaultTtl, -1);
    });

    it("writes the worker's settings for Service Bus and Cosmos DB, and exposes the outputs", () => {
        const settings = settingsOf(only(d.resources, "azure-native:web:WebApp", "orders-worker-app"));
        assert.equal(settings.queue.kind, "service-bus");
        assert.equal(settings.queue.queueName, "work");
        assert.equal(settings.queue.deadLetterQueueName, "dead-letters");
        assert.deepEqual(
            { ...settings.idempotency.store, endpoint: undefined },
            { kind: "cosmos", endpoint: undefined, database: "retry", container: "idempotency" },
        );
        assert.equal(settings.maxAttempts, 4);
        assert.match(d.enqueueUrl, /^https:\/\/.+\.azurewebsites\.net\/enqueue$/);
        assert.equal(d.queueName, "work");
        assert.equal(d.deadLetterName, "dead-letters");
    });
});

describe("Retry on GCP (mocks)", () => {
    let d: Awaited<ReturnType<typeof deploy>>;
    before(async () => (d = await deploy("gcp")));

    it("creates exactly the queue, dead-letter topic and subscription, Firestore records, two functions and their IAM", () => {
        assert.deepEqual(inventory(d.resources), [
            "gcp:cloudfunctionsv2/function:Function orders-enqueue-function",
            "gcp:cloudfunctionsv2/function:Function orders-worker-function",
            "gcp:cloudrunv2/serviceIamMember:ServiceIamMember orders-worker-invoker",
            "gcp:cloudtasks/queue:Queue orders-queue",
            "gcp:cloudtasks/queueIamMember:QueueIamMember orders-enqueue-tasks",
            "gcp:firestore/database:Database orders-records",
            "gcp:firestore/field:Field orders-records-ttl",
            "gcp:monitoring/alertPolicy:AlertPolicy orders-dead-letters-alarm",
            "gcp:projects/iAMMember:IAMMember orders-enqueue-build-image-writer",
            "gcp:projects/iAMMember:IAMMember orders-enqueue-build-log-writer",
            "gcp:projects/iAMMember:IAMMember orders-worker-build-image-writer",
            "gcp:projects/iAMMember:IAMMember orders-worker-build-log-writer",
            "gcp:projects/iAMMember:IAMMember orders-worker-records",
            "gcp:projects/service:Service orders-enable-artifactregistry",
            "gcp:projects/service:Service orders-enable-cloudbuild",
            "gcp:projects/service:Service orders-enable-cloudfunctions",
            "gcp:projects/service:Service orders-enable-cloudresourcemanager",
            "gcp:projects/service:Service orders-enable-cloudtasks",
            "gcp:projects/service:Service orders-enable-firestore",
            "gcp:projects/service:Service orders-enable-iam",
            "gcp:projects/service:Service orders-enable-pubsub",
            "gcp:projects/service:Service orders-enable-run",
            "gcp:projects/service:Service orders-enable-storage",
            "gcp:pubsub/subscription:Subscription orders-dead-letters-held",
            "gcp:pubsub/topic:Topic orders-dead-letters",
            "gcp:pubsub/topicIAMMember:TopicIAMMember orders-worker-dead-letter",
            "gcp:serviceaccount/account:Account orders-enqueue-build-identity",
            "gcp:serviceaccount/account:Account orders-enqueue-identity",
            "gcp:serviceaccount/account:Account orders-task-invoker",
            "gcp:serviceaccount/account:Account orders-worker-build-identity",
            "gcp:serviceaccount/account:Account orders-worker-identity",
            "gcp:serviceaccount/iAMMember:IAMMember orders-enqueue-act-as-invoker",
            "gcp:storage/bucket:Bucket orders-enqueue-source",
            "gcp:storage/bucket:Bucket orders-worker-source",
            "gcp:storage/bucketIAMMember:BucketIAMMember orders-enqueue-build-source-reader",
            "gcp:storage/bucketIAMMember:BucketIAMMember orders-worker-build-source-reader",
            "gcp:storage/bucketObject:BucketObject orders-enqueue-package",
            "gcp:storage/bucketObject:BucketObject orders-worker-package",
        ]);
    });

    it("sets the queue's backoff from the args (doublings up to the cap), attempts unlimited (the worker ends each task), and its rate limits", () => {
        const queue = only(d.resources, "gcp:cloudtasks/queue:Queue").inputs;
        assert.deepEqual(queue.retryConfig, {
            maxAttempts: -1,
            minBackoff: "2s",
            maxBackoff: "120s",
            maxDoublings: 6,
            maxRetryDuration: "0s",
        });
        assert.deepEqual(queue.rateLimits, { maxDispatchesPerSecond: 10, maxConcurrentDispatches: 5 });
        assert.equal(queue.location, "europe-west1");
    });

    it("lets only the task invoker identity call the worker, and gives each function only its own grants", () => {
        const invoker = only(d.resources, "gcp:serviceaccount/account:Account", "orders-task-invoker").inputs.accountId;
        const workerSa = only(d.resources, "gcp:serviceaccount/account:Account", "orders-worker-identity").inputs.accountId;
        const enqueueSa = only(d.resources, "gcp:serviceaccount/account:Account", "orders-enqueue-identity").inputs.accountId;
        const member = (id: string) => `serviceAccount:${id}@mock-project.iam.gserviceaccount.com`;
        assert.equal(only(d.resources, "gcp:cloudrunv2/serviceIamMember:ServiceIamMember").inputs.member, member(invoker));
        assert.equal(only(d.resources, "gcp:cloudrunv2/serviceIamMember:ServiceIamMember").inputs.role, "roles/run.invoker");
        const publish = only(d.resources, "gcp:pubsub/topicIAMMember:TopicIAMMember").inputs;
        assert.deepEqual(
            [publish.role, publish.member, publish.topic],
            ["roles/pubsub.publisher", member(workerSa), only(d.resources, "gcp:pubsub/topic:Topic").inputs.name],
        );
        const records = only(d.resources, "gcp:projects/iAMMember:IAMMember", "orders-worker-records").inputs;
        assert.equal(records.member, member(workerSa));
        assert.equal(
            records.condition.expression,
            `resource.name == "projects/mock-project/databases/${only(d.resources, "gcp:firestore/database:Database").inputs.name}"`,
        );
        const enqueueTasks = only(d.resources, "gcp:cloudtasks/queueIamMember:QueueIamMember").inputs;
        assert.deepEqual([enqueueTasks.role, enqueueTasks.member], ["roles/cloudtasks.enqueuer", member(enqueueSa)]);
        assert.equal(only(d.resources, "gcp:serviceaccount/iAMMember:IAMMember").inputs.member, member(enqueueSa));
    });

    it("alarms on the dead-letter subscription's undelivered messages above 0, notifying the alarmNotify channel when given", async () => {
        const policy = only(d.resources, "gcp:monitoring/alertPolicy:AlertPolicy", "orders-dead-letters-alarm").inputs;
        const subscription = only(d.resources, "gcp:pubsub/subscription:Subscription", "orders-dead-letters-held").inputs.name;
        assert.equal(policy.conditions.length, 1);
        const { filter, comparison, thresholdValue, duration, aggregations } = policy.conditions[0].conditionThreshold;
        assert.equal(
            filter,
            `resource.type = "pubsub_subscription" AND resource.labels.subscription_id = "${subscription}" AND metric.type = "pubsub.googleapis.com/subscription/num_undelivered_messages"`,
        );
        assert.deepEqual(
            [comparison, thresholdValue, duration, aggregations],
            ["COMPARISON_GT", 0, "0s", [{ alignmentPeriod: "60s", perSeriesAligner: "ALIGN_MAX" }]],
        );
        assert.deepEqual(policy.notificationChannels, []);
        const channel = "projects/mock-project/notificationChannels/123";
        const notified = await deploy("gcp", { ...ARGS, alarmNotify: channel });
        assert.deepEqual(only(notified.resources, "gcp:monitoring/alertPolicy:AlertPolicy").inputs.notificationChannels, [channel]);
    });

    it("creates tasks that call the worker with an OIDC token, and dead-letters to a retained topic", () => {
        const enqueue = settingsOf(only(d.resources, "gcp:cloudfunctionsv2/function:Function", "orders-enqueue-function"));
        const workerName = only(d.resources, "gcp:cloudfunctionsv2/function:Function", "orders-worker-function").inputs.name;
        assert.equal(enqueue.queue.workerUrl, `https://${workerName}-mock.a.run.app`);
        assert.match(enqueue.queue.invokerServiceAccount, /^orders-task-invoker.*@mock-project\.iam\.gserviceaccount\.com$/);
        assert.match(enqueue.queue.queuePath, /^projects\/mock-project\/locations\/europe-west1\/queues\//);
        const worker = settingsOf(only(d.resources, "gcp:cloudfunctionsv2/function:Function", "orders-worker-function"));
        assert.match(worker.queue.deadLetterTopic, /^projects\/mock-project\/topics\//);
        assert.equal(worker.idempotency.store.kind, "firestore");
        const held = only(d.resources, "gcp:pubsub/subscription:Subscription").inputs;
        assert.equal(held.messageRetentionDuration, "604800s");
        assert.deepEqual(held.expirationPolicy, { ttl: "" });
        assert.equal(d.deadLetterName, only(d.resources, "gcp:pubsub/topic:Topic").inputs.name);
        assert.equal(d.queueName, only(d.resources, "gcp:cloudtasks/queue:Queue").inputs.name);
        assert.match(d.enqueueUrl, /^https:\/\/.+-mock\.a\.run\.app$/);
    });
});

describe("Retry args", () => {
    const rejects = (cloud: string, args: RetryArgs, pattern: RegExp) => assert.rejects(deploy(cloud, args), pattern);

    it("needs exactly one of workerModule and targetUrl, and a workerModule that exists", async () => {
        await rejects("aws", {}, /Retry 'orders': give exactly one of workerModule .* and targetUrl/);
        await rejects("aws", { workerModule: WORKER, targetUrl: "https://x" }, /give exactly one of workerModule/);
        await rejects(
            "aws",
            { workerModule: "./nope.ts" },
            /Retry '.*': workerModule must be the path of a module file exporting process\(message\), got ".\/nope.ts" \(resolved to .*nope.ts, which is not a file\)/,
        );
        await rejects("aws", { targetUrl: "ftp://x" }, /targetUrl must be an http\(s\) URL, got "ftp:\/\/x"/);
    });

    it("rejects maxAttempts < 1 and minBackoff above maxBackoff, naming the values", async () => {
        await rejects("gcp", { ...ARGS, maxAttempts: 0 }, /maxAttempts must be an integer from 1 to 1000 .*got 0/);
        await rejects("aws", { ...ARGS, maxAttempts: 2.5 }, /maxAttempts must be an integer from 1 to 1000/);
        await rejects(
            "azure",
            { ...ARGS, minBackoffSeconds: 60, maxBackoffSeconds: 10 },
            /minBackoffSeconds must be a number from 0.1 to 10 \(at most maxBackoffSeconds\), got 60/,
        );
    });

    it("rejects timeouts, backoffs and concurrency beyond what each cloud allows, saying why", async () => {
        await rejects(
            "aws",
            { ...ARGS, timeoutSeconds: 900 },
            /timeoutSeconds must be an integer from 1 to 890 \(a Lambda function runs at most 900 s\), got 900/,
        );
        await rejects(
            "azure",
            { ...ARGS, timeoutSeconds: 600 },
            /timeoutSeconds must be an integer from 1 to 290 \(the Functions host renews a Service Bus message lock/,
        );
        await rejects(
            "gcp",
            { ...ARGS, timeoutSeconds: 700 },
            /timeoutSeconds must be an integer from 1 to 590 \(a Cloud Tasks HTTP task's default dispatch deadline is 10 minutes\)/,
        );
        await rejects(
            "aws",
            { ...ARGS, maxBackoffSeconds: 50_000 },
            /maxBackoffSeconds must be a number from 1 to 43200 \(an SQS visibility timeout is at most 12 hours\)/,
        );
        await rejects(
            "aws",
            { ...ARGS, concurrency: 1 },
            /concurrency must be an integer from 2 to 1000 \(SQS event source mapping maximumConcurrency is 2 to 1000\), got 1/,
        );
        await rejects("aws", { ...ARGS, idempotency: { keyField: "order id" } }, /idempotency.keyField must be a dotted field path/);
    });

    it("bundles the workerModule before anything registers: one that does not compile creates nothing, and the error names it", async () => {
        // Written at run time: a file that does not compile cannot live in the type-checked tree.
        const broken = path.join(mkdtempSync(path.join(tmpdir(), "retry-worker-")), "broken-worker.ts");
        writeFileSync(broken, "export async function process( {\n");
        for (const cloud of ["aws", "azure", "gcp"]) {
            let error: Error | undefined;
            const { resources } = await evaluate(
                () => {
                    try {
                        new Retry("orders", { ...ARGS, workerModule: broken });
                    } catch (err) {
                        error = err as Error;
                    }
                },
                { config: { "cloud-patterns:cloud": cloud, ...CONFIG } },
            );
            assert.ok(
                error?.message.startsWith(`Retry 'orders': workerModule '${broken}' cannot be bundled for ${cloud}: `),
                error?.message,
            );
            assert.match(error?.message ?? "", /broken-worker\.ts:\d+:\d+: /, "esbuild's first message, with its place");
            assert.equal(resources.length, 0, "no component and no child was registered");
        }
    });

    it("names the stack config key when no cloud is chosen", async () => {
        await assert.rejects(
            evaluate(() => new Retry("orders", ARGS)),
            /cloud-patterns:cloud/,
        );
    });
});
