import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { EventSourcing } from "../../components/event-sourcing";
import { COLLECTION_PERMISSIONS, DOMAIN_ACTIONS } from "../../components/cqrs/aws-search";
import { inventory, only } from "../support/resources";
import { deployCqrs, settingsOf } from "./component-fixture";

const policy = (r: { inputs: Record<string, string> }) =>
    JSON.parse(r.inputs.policy).Statement as { Action: string[]; Resource: string[] }[];
const FUNCTIONS = ["command", "projector", "query"];

describe("Cqrs on AWS (mocks)", function () {
    this.timeout(180_000);

    it("creates the DynamoDB write model, its stream mapping to the projector, the OpenSearch domain and two HTTP APIs", async () => {
        const { resources, outputs } = await deployCqrs(Cloud.Aws);
        const fnChildren = FUNCTIONS.flatMap((f) => [
            `aws:cloudwatch/logGroup:LogGroup cat-${f}-logs`,
            `aws:iam/role:Role cat-${f}-role`,
            `aws:iam/rolePolicy:RolePolicy cat-${f}-policy`,
            `aws:iam/rolePolicyAttachment:RolePolicyAttachment cat-${f}-basic-execution`,
            `aws:lambda/function:Function cat-${f}-function`,
        ]);
        const api = (role: string, routes: string[]) => [
            `aws:apigatewayv2/api:Api cat-${role}-api-api`,
            `aws:apigatewayv2/integration:Integration cat-${role}-api-integration`,
            ...routes.map((r) => `aws:apigatewayv2/route:Route cat-${role}-api-route-${r}`),
            `aws:apigatewayv2/stage:Stage cat-${role}-api-stage`,
            `aws:cloudwatch/logGroup:LogGroup cat-${role}-api-access-logs`,
            `aws:lambda/permission:Permission cat-${role}-api-invoke-permission`,
        ];
        assert.deepEqual(
            inventory(resources),
            [
                ...fnChildren,
                ...api("command", ["delete-products-id", "patch-products-id", "put-products-id"]),
                ...api("query", ["get-products", "get-products-id"]),
                "aws:cloudwatch/metricAlarm:MetricAlarm cat-projection-dlq-alarm",
                "aws:dynamodb/table:Table cat-writes",
                "aws:lambda/eventSourceMapping:EventSourceMapping cat-projection",
                "aws:opensearch/domain:Domain cat-search",
                "aws:opensearch/domainPolicy:DomainPolicy cat-search-access",
                "aws:s3/bucket:Bucket cat-projection-dead-letters",
                "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration cat-projection-dead-letters-expiry",
                "aws:s3/bucketNotification:BucketNotification cat-projection-dead-letters-notification",
                "aws:s3/bucketPolicy:BucketPolicy cat-projection-dead-letters-tls-only",
                "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock cat-projection-dead-letters-public-access",
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration cat-projection-dead-letters-encryption",
                "aws:sqs/queue:Queue cat-projection-dlq",
                "aws:sqs/queuePolicy:QueuePolicy cat-projection-dead-letters-notifications",
            ].sort(),
        );

        const table = only(resources, "aws:dynamodb/table:Table").inputs;
        assert.deepEqual(
            [table.hashKey, table.billingMode, table.streamEnabled, table.streamViewType],
            ["id", "PAY_PER_REQUEST", true, "NEW_AND_OLD_IMAGES"],
        );
        assert.deepEqual(
            [table.serverSideEncryption, table.pointInTimeRecovery, table.ttl],
            [{ enabled: true }, { enabled: true }, { attributeName: "expiresAt", enabled: true }],
        );
        assert.equal(table.tags.team, "catalog");

        const tableArn = `arn:aws:dynamodb:us-east-1:123456789012:table/${table.name}`;
        const dlq = only(resources, "aws:sqs/queue:Queue").inputs;
        const dlqArn = `arn:aws:sqs:us-east-1:123456789012:${dlq.name}`;
        assert.equal(dlq.sqsManagedSseEnabled, true);
        const mapping = only(resources, "aws:lambda/eventSourceMapping:EventSourceMapping").inputs;
        assert.equal(mapping.eventSourceArn, `${tableArn}/stream/2024-01-01T00:00:00.000`);
        assert.equal(mapping.functionName, only(resources, "aws:lambda/function:Function", "cat-projector-function").inputs.name);
        assert.deepEqual(
            [
                mapping.functionResponseTypes,
                mapping.bisectBatchOnFunctionError,
                mapping.maximumRetryAttempts,
                mapping.batchSize,
                mapping.startingPosition,
            ],
            [["ReportBatchItemFailures"], true, 5, 100, "TRIM_HORIZON"],
        );
        // The on-failure destination is the bucket: S3 destinations get the whole failed record, SQS ones only its metadata.
        const bucket = only(resources, "aws:s3/bucket:Bucket").inputs;
        assert.match(bucket.bucketPrefix, /^cat-projection-dlq-[0-9a-f]{8}$/);
        assert.equal(bucket.tags.team, "catalog");
        const bucketName = `${bucket.bucketPrefix}20260101000000000000000001`;
        const bucketArn = `arn:aws:s3:::${bucketName}`;
        assert.deepEqual(mapping.destinationConfig, { onFailure: { destinationArn: bucketArn } });
        const bucketSetting = (type: string) => {
            const inputs = only(resources, `aws:s3/${type}`).inputs;
            assert.equal(inputs.bucket, bucketName, `${type} is the dead-letter bucket's`);
            return inputs;
        };
        assert.deepEqual(bucketSetting("bucketPublicAccessBlock:BucketPublicAccessBlock"), {
            bucket: bucketName,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        assert.deepEqual(bucketSetting("bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").rules, [
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ]);
        assert.deepEqual(bucketSetting("bucketLifecycleConfiguration:BucketLifecycleConfiguration").rules, [
            { id: "expire-dead-letters", status: "Enabled", filter: {}, expiration: { days: 14 } },
        ]);
        assert.deepEqual(JSON.parse(bucketSetting("bucketPolicy:BucketPolicy").policy).Statement, [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ]);
        // Each object written notifies the dead-letter queue, which only this bucket may send to; its alarm fires on the first.
        assert.deepEqual(bucketSetting("bucketNotification:BucketNotification").queues, [
            { queueArn: dlqArn, events: ["s3:ObjectCreated:*"] },
        ]);
        const queuePolicy = only(resources, "aws:sqs/queuePolicy:QueuePolicy").inputs;
        assert.equal(queuePolicy.queueUrl, `https://sqs.us-east-1.amazonaws.com/123456789012/${dlq.name}`);
        assert.deepEqual(JSON.parse(queuePolicy.policy).Statement, [
            {
                Effect: "Allow",
                Principal: { Service: "s3.amazonaws.com" },
                Action: "sqs:SendMessage",
                Resource: dlqArn,
                Condition: { ArnEquals: { "aws:SourceArn": bucketArn } },
            },
        ]);
        const alarm = only(resources, "aws:cloudwatch/metricAlarm:MetricAlarm").inputs;
        assert.deepEqual(
            [alarm.metricName, alarm.dimensions, alarm.threshold, alarm.comparisonOperator],
            ["ApproximateNumberOfMessagesVisible", { QueueName: dlq.name }, 0, "GreaterThanThreshold"],
        );

        const domain = only(resources, "aws:opensearch/domain:Domain").inputs;
        assert.equal(domain.clusterConfig.instanceType, "t3.small.search");
        assert.deepEqual([domain.encryptAtRest, domain.nodeToNodeEncryption], [{ enabled: true }, { enabled: true }]);
        assert.deepEqual(domain.domainEndpointOptions, { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" });
        const domainArn = `arn:aws:es:us-east-1:123456789012:domain/${domain.domainName}`;
        const roleArn = (f: string) =>
            `arn:aws:iam::123456789012:role/${only(resources, "aws:iam/role:Role", `cat-${f}-role`).inputs.name}`;
        const access = JSON.parse(only(resources, "aws:opensearch/domainPolicy:DomainPolicy").inputs.accessPolicies).Statement;
        assert.deepEqual(access, [
            {
                Effect: "Allow",
                Principal: { AWS: roleArn("projector") },
                Action: [...DOMAIN_ACTIONS.projector],
                Resource: `${domainArn}/*`,
            },
            { Effect: "Allow", Principal: { AWS: roleArn("query") }, Action: [...DOMAIN_ACTIONS.query], Resource: `${domainArn}/*` },
        ]);
        assert.ok(!DOMAIN_ACTIONS.query.includes("es:ESHttpPut" as never), "the query function cannot create or overwrite indexes");

        // Each role: only what its function does, on what this component made.
        assert.deepEqual(policy(only(resources, "aws:iam/rolePolicy:RolePolicy", "cat-command-policy")), [
            { Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem"], Resource: [tableArn] },
        ]);
        assert.deepEqual(policy(only(resources, "aws:iam/rolePolicy:RolePolicy", "cat-projector-policy")), [
            {
                Effect: "Allow",
                Action: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
                Resource: [`${tableArn}/stream/2024-01-01T00:00:00.000`],
            },
            // What Lambda needs to write to an S3 on-failure destination, on that bucket only.
            { Effect: "Allow", Action: ["s3:PutObject"], Resource: [`${bucketArn}/*`] },
            { Effect: "Allow", Action: ["s3:ListBucket"], Resource: [bucketArn] },
            { Effect: "Allow", Action: [...DOMAIN_ACTIONS.projector], Resource: [`${domainArn}/*`] },
        ]);
        assert.deepEqual(policy(only(resources, "aws:iam/rolePolicy:RolePolicy", "cat-query-policy")), [
            { Effect: "Allow", Action: [...DOMAIN_ACTIONS.query], Resource: [`${domainArn}/*`] },
        ]);

        const fn = (f: string) => settingsOf(only(resources, "aws:lambda/function:Function", `cat-${f}-function`));
        assert.deepEqual(fn("command"), { entity: "products", key: "id", writeStore: { kind: "dynamodb", table: table.name } });
        const readStore = {
            kind: "opensearch",
            endpoint: `https://search-${domain.domainName}-mock.us-east-1.es.amazonaws.com`,
            service: "es",
            region: "us-east-1",
            index: "products",
        };
        assert.deepEqual(fn("projector").readStore, readStore);
        assert.equal(fn("projector").source, "dynamodb-stream");
        assert.equal(fn("projector").deadLetters, undefined, "the mapping dead-letters on AWS");
        assert.deepEqual(fn("query").readStore, readStore);
        assert.deepEqual(fn("query").readModel.fields.price, {
            type: "number",
            searchable: false,
            filterable: true,
            sortable: true,
            facetable: false,
        });
        assert.deepEqual(fn("query").readModel.fields.id, {
            type: "string",
            searchable: false,
            filterable: false,
            sortable: false,
            facetable: false,
        });

        assert.deepEqual(outputs, {
            commandUrl: "https://cat-command-api-api-id.execute-api.us-east-1.amazonaws.com",
            queryUrl: "https://cat-query-api-api-id.execute-api.us-east-1.amazonaws.com",
            writeStoreName: table.name,
            readStoreName: `${domain.domainName}/products`,
        });
    });

    it("aws.readStore 'serverless': a SEARCH collection with encryption, network and data policies naming only the two roles", async () => {
        const { resources, outputs } = await deployCqrs(Cloud.Aws, { aws: { readStore: "serverless" } });
        const types = inventory(resources).filter((r) => r.includes("opensearch"));
        assert.deepEqual(types, [
            "aws:opensearch/serverlessAccessPolicy:ServerlessAccessPolicy cat-search-access",
            "aws:opensearch/serverlessCollection:ServerlessCollection cat-search",
            "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy cat-search-encryption",
            "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy cat-search-network",
        ]);
        const collection = only(resources, "aws:opensearch/serverlessCollection:ServerlessCollection").inputs;
        assert.deepEqual([collection.type, collection.standbyReplicas], ["SEARCH", "DISABLED"]);
        const rules = [{ ResourceType: "collection", Resource: [`collection/${collection.name}`] }];
        assert.deepEqual(
            JSON.parse(
                only(resources, "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy", "cat-search-encryption").inputs.policy,
            ),
            {
                Rules: rules,
                AWSOwnedKey: true,
            },
        );
        const roleArn = (f: string) =>
            `arn:aws:iam::123456789012:role/${only(resources, "aws:iam/role:Role", `cat-${f}-role`).inputs.name}`;
        const data = JSON.parse(only(resources, "aws:opensearch/serverlessAccessPolicy:ServerlessAccessPolicy").inputs.policy);
        const index = [`index/${collection.name}/*`];
        assert.deepEqual(data, [
            {
                Rules: [{ ResourceType: "index", Resource: index, Permission: [...COLLECTION_PERMISSIONS.projector] }],
                Principal: [roleArn("projector")],
            },
            {
                Rules: [{ ResourceType: "index", Resource: index, Permission: [...COLLECTION_PERMISSIONS.query] }],
                Principal: [roleArn("query")],
            },
        ]);
        const query = policy(only(resources, "aws:iam/rolePolicy:RolePolicy", "cat-query-policy"));
        assert.deepEqual(query, [
            { Effect: "Allow", Action: ["aoss:APIAccessAll"], Resource: ["arn:aws:aoss:us-east-1:123456789012:collection/cat-search-id"] },
        ]);
        const settings = settingsOf(only(resources, "aws:lambda/function:Function", "cat-query-function"));
        assert.deepEqual(
            [settings.readStore.service, settings.readStore.endpoint],
            ["aoss", "https://cat-search-id.us-east-1.aoss.amazonaws.com"],
        );
        assert.equal(outputs.readStoreName, `${collection.name}/products`);
    });

    it("aws.deadLetterRetentionDays is how long the dead-letter bucket keeps a failed change", async () => {
        const { resources } = await deployCqrs(Cloud.Aws, { aws: { deadLetterRetentionDays: 90 } });
        const lifecycle = only(resources, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs;
        assert.deepEqual(lifecycle.rules[0].expiration, { days: 90 });
    });

    it("with source: no write table, no command API; the EventSourcing's bus feeds a queue the projector reads, redriven to the dead-letter queue", async () => {
        const { resources, outputs } = await deployCqrs(Cloud.Aws, {}, () => ({
            source: new EventSourcing("ledger", { tags: { team: "ledger" } }),
        }));
        const mine = inventory(resources).filter((r) => r.split(" ")[1].startsWith("cat-"));
        assert.ok(!mine.some((r) => r.includes("cat-command") || r.includes("cat-writes")), mine.join("\n"));
        assert.deepEqual(
            mine.filter((r) => /cat-(events|projection)/.test(r)),
            [
                "aws:cloudwatch/eventRule:EventRule cat-events-rule",
                "aws:cloudwatch/eventTarget:EventTarget cat-events-target",
                "aws:cloudwatch/metricAlarm:MetricAlarm cat-projection-dlq-alarm",
                "aws:lambda/eventSourceMapping:EventSourceMapping cat-projection",
                "aws:sqs/queue:Queue cat-events",
                "aws:sqs/queue:Queue cat-projection-dlq",
                "aws:sqs/queuePolicy:QueuePolicy cat-events-policy",
            ],
        );
        const bus = only(resources, "aws:cloudwatch/eventBus:EventBus").inputs.name;
        const rule = only(resources, "aws:cloudwatch/eventRule:EventRule").inputs;
        assert.equal(rule.eventBusName, bus);
        assert.deepEqual(JSON.parse(rule.eventPattern), { source: ["cloud-patterns.event-sourcing"], "detail-type": ["EventRecorded"] });
        const queue = only(resources, "aws:sqs/queue:Queue", "cat-events").inputs;
        const dlq = only(resources, "aws:sqs/queue:Queue", "cat-projection-dlq").inputs;
        assert.deepEqual(JSON.parse(queue.redrivePolicy), {
            deadLetterTargetArn: `arn:aws:sqs:us-east-1:123456789012:${dlq.name}`,
            maxReceiveCount: 6,
        });
        const mapping = only(resources, "aws:lambda/eventSourceMapping:EventSourceMapping", "cat-projection").inputs;
        assert.deepEqual(
            [mapping.eventSourceArn, mapping.batchSize, mapping.functionResponseTypes],
            [`arn:aws:sqs:us-east-1:123456789012:${queue.name}`, 10, ["ReportBatchItemFailures"]],
        );
        const queuePolicy = JSON.parse(only(resources, "aws:sqs/queuePolicy:QueuePolicy").inputs.policy).Statement[0];
        assert.deepEqual(queuePolicy.Principal, { Service: "events.amazonaws.com" });
        assert.equal(queuePolicy.Condition.ArnEquals["aws:SourceArn"], "arn:aws:events:us-east-1:123456789012:rule/cat-events-rule");
        assert.equal(settingsOf(only(resources, "aws:lambda/function:Function", "cat-projector-function")).source, "event-sourcing");
        assert.equal(outputs.commandUrl, undefined);
        assert.equal(outputs.writeStoreName, only(resources, "aws:dynamodb/table:Table", "ledger-events").inputs.name);
    });
});
