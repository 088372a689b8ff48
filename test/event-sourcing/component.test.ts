import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Cloud } from "../../components/cloud";
import { EventSourcing, EventSourcingArgs } from "../../components/event-sourcing";
import { commandBundle } from "../../components/event-sourcing/functions";
import { bundleFunction } from "../../components/platform/bundle";
import { evaluate, RecordedResource, valueOf } from "../../plan/mock-cloud";
import { inventory, only } from "../support/resources";

const CONFIG: Record<Cloud, Record<string, string>> = {
    aws: { "cloud-patterns:cloud": "aws", "aws:region": "us-east-1" },
    azure: { "cloud-patterns:cloud": "azure", "azure-native:location": "westeurope" },
    gcp: { "cloud-patterns:cloud": "gcp", "gcp:region": "us-central1", "gcp:project": "mock-project" },
};

async function deploy(cloud: Cloud, args: EventSourcingArgs = {}) {
    const { resources, result } = await evaluate(() => new EventSourcing("es", { tags: { team: "ledger" }, ...args }), {
        config: CONFIG[cloud],
    });
    const outputs = {
        commandUrl: await valueOf(result.commandUrl),
        storeName: await valueOf(result.storeName),
        eventsTopic: await valueOf(result.eventsTopic),
        eventsTopicId: await valueOf(result.eventsTopicId),
    };
    return { resources, result, outputs };
}

const settingsOf = (r: RecordedResource, read: (inputs: Record<string, any>) => string) => JSON.parse(read(r.inputs));
const lambdaSettings = (r: RecordedResource) => settingsOf(r, (i) => i.environment.variables.CLOUD_PATTERNS_CONFIG);
const policy = (r: RecordedResource) => JSON.parse(r.inputs.policy).Statement as { Action: string[]; Resource: string[] }[];

describe("EventSourcing on AWS (mocks)", function () {
    this.timeout(120_000);

    it("creates the DynamoDB tables, the Pipe to the publisher Lambda and EventBridge, the command Lambda and its HTTP API", async () => {
        const { resources, outputs } = await deploy(Cloud.Aws);
        assert.deepEqual(inventory(resources), [
            "aws:apigatewayv2/api:Api es-api-api",
            "aws:apigatewayv2/integration:Integration es-api-integration",
            "aws:apigatewayv2/route:Route es-api-route-get-streams-id",
            "aws:apigatewayv2/route:Route es-api-route-get-streams-id-events",
            "aws:apigatewayv2/route:Route es-api-route-post-streams-id",
            "aws:apigatewayv2/stage:Stage es-api-stage",
            "aws:cloudwatch/eventBus:EventBus es-bus",
            "aws:cloudwatch/logGroup:LogGroup es-api-access-logs",
            "aws:cloudwatch/logGroup:LogGroup es-command-logs",
            "aws:cloudwatch/logGroup:LogGroup es-publisher-logs",
            "aws:cloudwatch/metricAlarm:MetricAlarm es-publish-dlq-alarm",
            "aws:dynamodb/table:Table es-events",
            "aws:dynamodb/table:Table es-snapshots",
            "aws:iam/role:Role es-command-role",
            "aws:iam/role:Role es-pipe-role",
            "aws:iam/role:Role es-publisher-role",
            "aws:iam/rolePolicy:RolePolicy es-command-policy",
            "aws:iam/rolePolicy:RolePolicy es-pipe-policy",
            "aws:iam/rolePolicy:RolePolicy es-publisher-policy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment es-command-basic-execution",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment es-publisher-basic-execution",
            "aws:lambda/function:Function es-command-function",
            "aws:lambda/function:Function es-publisher-function",
            "aws:lambda/permission:Permission es-api-invoke-permission",
            "aws:pipes/pipe:Pipe es-pipe",
            "aws:sqs/queue:Queue es-publish-dlq",
        ]);
        const alarm = only(resources, "aws:cloudwatch/metricAlarm:MetricAlarm", "es-publish-dlq-alarm").inputs;
        assert.deepEqual(
            [alarm.namespace, alarm.metricName, alarm.dimensions, alarm.statistic, alarm.threshold, alarm.comparisonOperator],
            [
                "AWS/SQS",
                "ApproximateNumberOfMessagesVisible",
                { QueueName: only(resources, "aws:sqs/queue:Queue", "es-publish-dlq").inputs.name },
                "Maximum",
                0,
                "GreaterThanThreshold",
            ],
            "the publisher's dead-letter queue is alarmed on its depth",
        );
        const events = only(resources, "aws:dynamodb/table:Table", "es-events").inputs;
        assert.deepEqual([events.hashKey, events.rangeKey, events.billingMode], ["streamId", "version", "PAY_PER_REQUEST"]);
        assert.deepEqual(events.attributes, [
            { name: "streamId", type: "S" },
            { name: "version", type: "N" },
        ]);
        assert.deepEqual(events.serverSideEncryption, { enabled: true });
        assert.deepEqual(events.pointInTimeRecovery, { enabled: true, recoveryPeriodInDays: 7 });
        assert.deepEqual([events.streamEnabled, events.streamViewType, events.deletionProtectionEnabled], [true, "NEW_IMAGE", true]);
        assert.equal(events.tags.team, "ledger");
        const snapshots = only(resources, "aws:dynamodb/table:Table", "es-snapshots").inputs;
        assert.deepEqual([snapshots.serverSideEncryption, snapshots.streamEnabled], [{ enabled: true }, undefined]);

        // Physical names carry a hash of the logical name; read them from what was declared.
        const eventsArn = `arn:aws:dynamodb:us-east-1:123456789012:table/${events.name}`;
        const snapshotsArn = `arn:aws:dynamodb:us-east-1:123456789012:table/${snapshots.name}`;
        const busArn = `arn:aws:events:us-east-1:123456789012:event-bus/${only(resources, "aws:cloudwatch/eventBus:EventBus").inputs.name}`;
        const dlqArn = `arn:aws:sqs:us-east-1:123456789012:${only(resources, "aws:sqs/queue:Queue").inputs.name}`;
        const publisher = only(resources, "aws:lambda/function:Function", "es-publisher-function").inputs;
        const publisherArn = `arn:aws:lambda:us-east-1:123456789012:function:${publisher.name}`;
        const pipe = only(resources, "aws:pipes/pipe:Pipe").inputs;
        assert.equal(pipe.source, `${eventsArn}/stream/2024-01-01T00:00:00.000`);
        assert.equal(pipe.target, publisherArn, "the Pipe hands the records to the publisher, which dead-letters them whole");
        assert.deepEqual(JSON.parse(pipe.sourceParameters.filterCriteria.filters[0].pattern), { eventName: ["INSERT"] });
        assert.equal(pipe.sourceParameters.dynamodbStreamParameters.maximumRetryAttempts, 10);
        assert.equal(pipe.sourceParameters.dynamodbStreamParameters.deadLetterConfig.arn, dlqArn);
        assert.deepEqual(pipe.targetParameters, { lambdaFunctionParameters: { invocationType: "REQUEST_RESPONSE" } });
        assert.deepEqual(
            policy(only(resources, "aws:iam/rolePolicy:RolePolicy", "es-pipe-policy")).map((s) => [s.Action, s.Resource]),
            [
                [
                    ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
                    [`${eventsArn}/stream/2024-01-01T00:00:00.000`],
                ],
                [["lambda:InvokeFunction"], [publisherArn]],
                [["sqs:SendMessage"], [dlqArn]],
            ],
        );
        // The publisher may put on its bus and dead-letter to its queue, nothing else.
        assert.deepEqual(policy(only(resources, "aws:iam/rolePolicy:RolePolicy", "es-publisher-policy")), [
            { Effect: "Allow", Action: ["events:PutEvents"], Resource: [busArn] },
            { Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [dlqArn] },
        ] as never);
        assert.deepEqual(lambdaSettings(only(resources, "aws:lambda/function:Function", "es-publisher-function")), {
            busName: only(resources, "aws:cloudwatch/eventBus:EventBus").inputs.name,
            source: "cloud-patterns.event-sourcing",
            detailType: "EventRecorded",
            deadLetterQueueUrl: `https://sqs.us-east-1.amazonaws.com/123456789012/${only(resources, "aws:sqs/queue:Queue").inputs.name}`,
        });
        assert.equal(only(resources, "aws:sqs/queue:Queue").inputs.sqsManagedSseEnabled, true);

        // The function may touch these two tables and nothing else.
        assert.deepEqual(policy(only(resources, "aws:iam/rolePolicy:RolePolicy", "es-command-policy")), [
            { Effect: "Allow", Action: ["dynamodb:Query", "dynamodb:PutItem", "dynamodb:ConditionCheckItem"], Resource: [eventsArn] },
            { Effect: "Allow", Action: ["dynamodb:Query", "dynamodb:PutItem"], Resource: [snapshotsArn] },
        ] as never);
        assert.deepEqual(lambdaSettings(only(resources, "aws:lambda/function:Function", "es-command-function")), {
            store: { kind: "dynamodb", eventsTable: events.name, snapshotsTable: snapshots.name },
            snapshotEvery: 100,
        });
        assert.deepEqual(outputs, {
            commandUrl: "https://es-api-api-id.execute-api.us-east-1.amazonaws.com",
            storeName: events.name,
            eventsTopic: only(resources, "aws:cloudwatch/eventBus:EventBus").inputs.name,
            eventsTopicId: `arn:aws:events:us-east-1:123456789012:event-bus/${only(resources, "aws:cloudwatch/eventBus:EventBus").inputs.name}`,
        });
    });

    it("leaves out the stream, Pipe, bus and queue when publish is off", async () => {
        const { resources, outputs } = await deploy(Cloud.Aws, { publish: false, snapshotEvery: 0, retentionDays: 35 });
        assert.equal(resources.filter((r) => /pipe|bus|queue/i.test(r.type)).length, 0);
        const events = only(resources, "aws:dynamodb/table:Table", "es-events").inputs;
        assert.equal(events.streamEnabled, false);
        assert.equal(events.pointInTimeRecovery.recoveryPeriodInDays, 35);
        assert.equal(lambdaSettings(only(resources, "aws:lambda/function:Function")).snapshotEvery, 0);
        assert.deepEqual([outputs.eventsTopic, outputs.eventsTopicId], ["", ""]);
    });

    it("puts store 'postgres' on an encrypted, private Aurora Serverless v2 with a managed password the function reads from Secrets Manager", async () => {
        const { resources, outputs } = await deploy(Cloud.Aws, {
            store: "postgres",
            publish: false,
            aws: { postgres: { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] } },
        });
        const types = inventory(resources).filter((r) => /rds|ec2|vpc\/|dynamodb|VPCAccess|vpc-access/.test(r));
        // The network the function reaches the database through is checked in postgres-network.test.ts.
        assert.deepEqual(types, [
            "aws:ec2/securityGroup:SecurityGroup es-command-network",
            "aws:ec2/securityGroup:SecurityGroup es-db-access",
            "aws:ec2/securityGroup:SecurityGroup es-secrets-endpoint",
            "aws:ec2/vpcEndpoint:VpcEndpoint es-secrets",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment es-command-vpc-access",
            "aws:rds/cluster:Cluster es-db",
            "aws:rds/clusterInstance:ClusterInstance es-db-instance",
            "aws:rds/subnetGroup:SubnetGroup es-db-subnets",
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule es-command-to-db",
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule es-command-to-secrets",
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule es-db-from-command",
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule es-secrets-from-command",
        ]);
        const cluster = only(resources, "aws:rds/cluster:Cluster").inputs;
        assert.deepEqual(
            [
                cluster.engine,
                cluster.storageEncrypted,
                cluster.manageMasterUserPassword,
                cluster.deletionProtection,
                cluster.backupRetentionPeriod,
            ],
            ["aurora-postgresql", true, true, true, 7],
        );
        assert.equal(cluster.serverlessv2ScalingConfiguration.minCapacity, 0);
        assert.equal(only(resources, "aws:rds/clusterInstance:ClusterInstance").inputs.publiclyAccessible, false);
        const dbIngress = only(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "es-db-from-command").inputs;
        assert.deepEqual([dbIngress.fromPort, dbIngress.referencedSecurityGroupId], [5432, "es-command-network-id"]);
        const secretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-es-db";
        assert.deepEqual(
            policy(only(resources, "aws:iam/rolePolicy:RolePolicy", "es-command-policy")).map((s) => [s.Action, s.Resource]),
            [[["secretsmanager:GetSecretValue"], [secretArn]]],
        );
        assert.deepEqual(lambdaSettings(only(resources, "aws:lambda/function:Function")).store, {
            kind: "postgres",
            host: `${cluster.clusterIdentifier}.cluster-mock.us-east-1.rds.amazonaws.com`,
            port: 5432,
            database: "eventsourcing",
            user: "eventsourcing",
            auth: "password",
            password: { provider: "aws", secretId: secretArn },
        });
        assert.equal(outputs.storeName, cluster.clusterIdentifier);
    });
});

describe("EventSourcing on Azure (mocks)", function () {
    this.timeout(120_000);

    it("creates Cosmos DB serverless, the command and publisher apps with data-plane roles, Event Grid and API Management", async () => {
        const { resources, outputs } = await deploy(Cloud.Azure);
        assert.deepEqual(inventory(resources), [
            "azure-native:apimanagement:Api es-api-api",
            "azure-native:apimanagement:ApiManagementService es-api-apim",
            "azure-native:apimanagement:ApiOperation es-api-op-get-streams-id",
            "azure-native:apimanagement:ApiOperation es-api-op-get-streams-id-events",
            "azure-native:apimanagement:ApiOperation es-api-op-post-streams-id",
            "azure-native:apimanagement:ApiPolicy es-api-policy",
            "azure-native:apimanagement:NamedValue es-api-function-key",
            // auth defaults to apiKey on Azure: the callers' subscription.
            "azure-native:apimanagement:Subscription es-api-subscription",
            "azure-native:applicationinsights:Component es-command-insights",
            "azure-native:applicationinsights:Component es-publisher-insights",
            "azure-native:authorization:RoleAssignment es-command-storage-access",
            "azure-native:authorization:RoleAssignment es-command-telemetry-access",
            "azure-native:authorization:RoleAssignment es-publisher-poison-access",
            "azure-native:authorization:RoleAssignment es-publisher-storage-access",
            "azure-native:authorization:RoleAssignment es-publisher-telemetry-access",
            "azure-native:authorization:RoleAssignment es-publisher-topic-access",
            "azure-native:cosmosdb:DatabaseAccount es-cosmos",
            "azure-native:cosmosdb:SqlResourceSqlContainer es-events",
            "azure-native:cosmosdb:SqlResourceSqlContainer es-leases",
            "azure-native:cosmosdb:SqlResourceSqlContainer es-snapshots",
            "azure-native:cosmosdb:SqlResourceSqlDatabase es-database",
            "azure-native:cosmosdb:SqlResourceSqlRoleAssignment es-command-cosmos-access",
            "azure-native:cosmosdb:SqlResourceSqlRoleAssignment es-publisher-cosmos-access",
            "azure-native:eventgrid:Topic es-topic",
            "azure-native:monitor:MetricAlert es-poison-alarm",
            "azure-native:operationalinsights:Workspace es-command-logs",
            "azure-native:operationalinsights:Workspace es-publisher-logs",
            "azure-native:resources:ResourceGroup es-rg",
            "azure-native:storage:Blob es-command-package",
            "azure-native:storage:Blob es-publisher-package",
            "azure-native:storage:BlobContainer es-command-deployments",
            "azure-native:storage:BlobContainer es-poison-documents",
            "azure-native:storage:BlobContainer es-publisher-deployments",
            "azure-native:storage:StorageAccount es-command-storage",
            "azure-native:storage:StorageAccount es-poison",
            "azure-native:storage:StorageAccount es-publisher-storage",
            "azure-native:web:AppServicePlan es-command-plan",
            "azure-native:web:AppServicePlan es-publisher-plan",
            "azure-native:web:WebApp es-command-app",
            "azure-native:web:WebApp es-publisher-app",
        ]);
        const account = only(resources, "azure-native:cosmosdb:DatabaseAccount");
        assert.deepEqual(account.inputs.capabilities, [{ name: "EnableServerless" }]);
        assert.deepEqual([account.inputs.minimalTlsVersion, account.inputs.disableLocalAuth], ["Tls12", true]);
        assert.deepEqual(account.inputs.backupPolicy, { type: "Continuous", continuousModeProperties: { tier: "Continuous7Days" } });
        const events = only(resources, "azure-native:cosmosdb:SqlResourceSqlContainer", "es-events").inputs.resource;
        assert.deepEqual(events, { id: "events", partitionKey: { paths: ["/streamId"], kind: "Hash", version: 2 } });

        const accountId =
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mock-rg/providers/Microsoft.cosmosdb/DatabaseAccount/es-cosmos";
        for (const app of ["command", "publisher"]) {
            const access = only(resources, "azure-native:cosmosdb:SqlResourceSqlRoleAssignment", `es-${app}-cosmos-access`).inputs;
            assert.equal(access.scope, accountId, "scoped to this account");
            assert.equal(access.roleDefinitionId, `${accountId}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002`);
            assert.equal(access.principalId, `es-${app}-app-principal`);
        }
        const topic = only(resources, "azure-native:eventgrid:Topic").inputs;
        assert.deepEqual(
            [topic.inputSchema, topic.disableLocalAuth, topic.minimumTlsVersionAllowed, topic.identity],
            ["CloudEventSchemaV1_0", true, "1.2", { type: "SystemAssigned" }],
        );
        const topicAccess = only(resources, "azure-native:authorization:RoleAssignment", "es-publisher-topic-access").inputs;
        assert.match(topicAccess.roleDefinitionId, /d5a91429-5739-47e2-a06b-3470a27159e7$/);
        assert.match(topicAccess.scope, /Microsoft\.EventGrid\/topics\/es-topic$/);
        assert.equal(topicAccess.principalId, "es-publisher-app-principal");

        const appSettings = (name: string) =>
            Object.fromEntries(
                (only(resources, "azure-native:web:WebApp", name).inputs.siteConfig.appSettings as { name: string; value: string }[]).map(
                    (s) => [s.name, s.value],
                ),
            );
        const accountName = account.inputs.accountName;
        const endpoint = `https://${accountName}.documents.azure.com:443/`;
        assert.deepEqual(JSON.parse(appSettings("es-command-app").CLOUD_PATTERNS_CONFIG), {
            store: { kind: "cosmos", endpoint, database: "eventsourcing", eventsContainer: "events", snapshotsContainer: "snapshots" },
            snapshotEvery: 100,
        });
        const publisher = appSettings("es-publisher-app");
        assert.equal(publisher.EVENTS_COSMOS__accountEndpoint, endpoint);
        const poison = only(resources, "azure-native:storage:StorageAccount", "es-poison").inputs;
        assert.deepEqual(JSON.parse(publisher.CLOUD_PATTERNS_CONFIG), {
            topicEndpoint: `https://${topic.topicName}.westeurope-1.eventgrid.azure.net/api/events`,
            poisonContainerUrl: `https://${poison.accountName}.blob.core.windows.net/poison`,
        });
        // Storage account names: 3-24 lowercase letters and digits (Microsoft.Storage naming rules).
        assert.match(poison.accountName, /^[a-z0-9]{3,24}$/);
        assert.deepEqual(
            [poison.allowBlobPublicAccess, poison.allowSharedKeyAccess, poison.enableHttpsTrafficOnly, poison.minimumTlsVersion],
            [false, false, true, "TLS1_2"],
            "private, Entra ID only, HTTPS with TLS 1.2",
        );
        assert.deepEqual(poison.encryption, { keySource: "Microsoft.Storage", services: { blob: { enabled: true, keyType: "Account" } } });
        const container = only(resources, "azure-native:storage:BlobContainer", "es-poison-documents").inputs;
        assert.deepEqual([container.containerName, container.publicAccess], ["poison", "None"]);
        const poisonAccess = only(resources, "azure-native:authorization:RoleAssignment", "es-publisher-poison-access").inputs;
        assert.match(poisonAccess.roleDefinitionId, /ba92f5b4-2d11-453d-a403-e96b0029c9fe$/, "Storage Blob Data Contributor");
        assert.match(poisonAccess.scope, /es-poison-documents$/, "on the poison container only");
        assert.equal(poisonAccess.principalId, "es-publisher-app-principal");
        const alarm = only(resources, "azure-native:monitor:MetricAlert", "es-poison-alarm").inputs;
        assert.match(alarm.scopes[0], /Microsoft\.storage\/StorageAccount\/es-poison$/);
        assert.deepEqual(alarm.criteria.allOf, [
            {
                criterionType: "StaticThresholdCriterion",
                name: "dead-letters",
                metricNamespace: "Microsoft.Storage/storageAccounts",
                metricName: "Transactions",
                timeAggregation: "Total",
                operator: "GreaterThan",
                threshold: 0,
                dimensions: [{ name: "ApiName", operator: "Include", values: ["PutBlob"] }],
            },
        ]);
        assert.deepEqual([alarm.evaluationFrequency, alarm.windowSize, alarm.actions], ["PT1M", "PT1M", []]);
        assert.equal(outputs.storeName, `${accountName}/eventsourcing/events`);
        assert.equal(outputs.eventsTopic, topic.topicName);
        assert.equal(
            outputs.eventsTopicId,
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mock-rg/providers/Microsoft.EventGrid/topics/es-topic",
        );
        assert.match(outputs.commandUrl, /^https:\/\/.+\.azure-api\.net/);
    });

    it("uses the 30-day continuous backup tier past 7 days, and no topic, leases or publisher with publish off", async () => {
        const { resources, outputs } = await deploy(Cloud.Azure, { publish: false, retentionDays: 30 });
        assert.equal(
            only(resources, "azure-native:cosmosdb:DatabaseAccount").inputs.backupPolicy.continuousModeProperties.tier,
            "Continuous30Days",
        );
        assert.equal(resources.filter((r) => /es-(topic|leases|publisher)/.test(r.name)).length, 0);
        assert.deepEqual([outputs.eventsTopic, outputs.eventsTopicId], ["", ""]);
    });
});

describe("EventSourcing with store 'postgres' on Azure and GCP (mocks)", function () {
    this.timeout(120_000);

    it("Azure: a Flexible Server in the delegated subnet, public access off, Entra auth only, the command app its administrator", async () => {
        const { resources, outputs } = await deploy(Cloud.Azure, {
            store: "postgres",
            publish: false,
            azure: {
                postgres: {
                    delegatedSubnetId: "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/db",
                    privateDnsZoneId:
                        "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/privateDnsZones/x.postgres.database.azure.com",
                    functionSubnetId: "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/functions",
                },
            },
        });
        assert.equal(
            resources.filter((r) => r.type.startsWith("azure-native:cosmosdb") || r.type.startsWith("azure-native:eventgrid")).length,
            0,
        );
        const server = only(resources, "azure-native:dbforpostgresql:Server").inputs;
        assert.equal(server.network.publicNetworkAccess, "Disabled");
        assert.match(server.network.delegatedSubnetResourceId, /subnets\/db$/);
        assert.deepEqual([server.authConfig.activeDirectoryAuth, server.authConfig.passwordAuth], ["Enabled", "Disabled"]);
        assert.equal(server.backup.backupRetentionDays, 7);
        const admin = only(resources, "azure-native:dbforpostgresql:Administrator").inputs;
        assert.deepEqual(
            [admin.objectId, admin.principalName, admin.principalType],
            ["es-command-app-principal", "es-command", "ServicePrincipal"],
        );
        only(resources, "azure-native:dbforpostgresql:Database");
        const settings = JSON.parse(
            (
                only(resources, "azure-native:web:WebApp", "es-command-app").inputs.siteConfig.appSettings as {
                    name: string;
                    value: string;
                }[]
            ).find((a) => a.name === "CLOUD_PATTERNS_CONFIG")!.value,
        );
        assert.deepEqual(settings.store, {
            kind: "postgres",
            host: `${server.serverName}.postgres.database.azure.com`,
            port: 5432,
            database: "eventsourcing",
            user: "es-command",
            auth: "azure-entra",
        });
        assert.deepEqual([outputs.storeName, outputs.eventsTopic], [server.serverName, ""]);
    });

    it("GCP: Cloud SQL on a private IP only, TLS required, IAM database auth for the function's service account", async () => {
        const { resources, outputs } = await deploy(Cloud.Gcp, {
            store: "postgres",
            publish: false,
            gcp: { postgres: { network: "projects/mock-project/global/networks/default" } },
        });
        assert.equal(resources.filter((r) => /firestore|pubsub/.test(r.type)).length, 0);
        const instance = only(resources, "gcp:sql/databaseInstance:DatabaseInstance").inputs;
        assert.deepEqual(instance.settings.ipConfiguration, {
            ipv4Enabled: false,
            privateNetwork: "projects/mock-project/global/networks/default",
            sslMode: "ENCRYPTED_ONLY",
        });
        assert.deepEqual(instance.settings.databaseFlags, [{ name: "cloudsql.iam_authentication", value: "on" }]);
        assert.equal(instance.deletionProtection, true);
        assert.equal(instance.settings.backupConfiguration.pointInTimeRecoveryEnabled, true);
        const account = only(resources, "gcp:serviceaccount/account:Account", "es-command-identity").inputs.accountId;
        const user = only(resources, "gcp:sql/user:User").inputs;
        assert.deepEqual([user.name, user.type], [`${account}@mock-project.iam`, "CLOUD_IAM_SERVICE_ACCOUNT"]);
        for (const [member, role] of [
            ["es-db-client", "roles/cloudsql.client"],
            ["es-db-login", "roles/cloudsql.instanceUser"],
        ]) {
            const grant = only(resources, "gcp:projects/iAMMember:IAMMember", member).inputs;
            assert.equal(grant.role, role);
            assert.ok(grant.condition.expression.includes(`projects/mock-project/instances/${instance.name}`), grant.condition.expression);
        }
        const fn = only(resources, "gcp:cloudfunctionsv2/function:Function").inputs;
        assert.deepEqual(JSON.parse(fn.serviceConfig.environmentVariables.CLOUD_PATTERNS_CONFIG).store, {
            kind: "postgres",
            host: "10.20.0.3",
            port: 5432,
            database: "eventsourcing",
            user: `${account}@mock-project.iam`,
            auth: "gcp-iam",
            serverCa: `-----BEGIN CERTIFICATE-----\nmock CA of ${instance.name}\n-----END CERTIFICATE-----\n`,
        });
        assert.equal(outputs.storeName, instance.name);
    });
});

describe("EventSourcing on GCP (mocks)", function () {
    this.timeout(120_000);

    it("creates a Firestore native database, the Pub/Sub topic, the command function and the publisher, with IAM scoped to each", async () => {
        const { resources, outputs } = await deploy(Cloud.Gcp);
        assert.deepEqual(inventory(resources), [
            "gcp:apigateway/api:Api es-api-api",
            "gcp:apigateway/apiConfig:ApiConfig es-api-config",
            "gcp:apigateway/gateway:Gateway es-api-gateway",
            "gcp:cloudfunctionsv2/function:Function es-command-function",
            "gcp:cloudfunctionsv2/function:Function es-publisher-function",
            "gcp:cloudrunv2/serviceIamMember:ServiceIamMember es-api-invoker",
            "gcp:cloudrunv2/serviceIamMember:ServiceIamMember es-publisher-trigger-invoker",
            "gcp:firestore/database:Database es-firestore",
            "gcp:monitoring/alertPolicy:AlertPolicy es-publish-dead-letters-alarm",
            // auth defaults to apiKey on GCP: the callers' key and the API's managed service enabled.
            "gcp:projects/apiKey:ApiKey es-api-key",
            "gcp:projects/iAMMember:IAMMember es-command-build-image-writer",
            "gcp:projects/iAMMember:IAMMember es-command-build-log-writer",
            "gcp:projects/iAMMember:IAMMember es-database-access",
            "gcp:projects/iAMMember:IAMMember es-publisher-build-image-writer",
            "gcp:projects/iAMMember:IAMMember es-publisher-build-log-writer",
            "gcp:projects/iAMMember:IAMMember es-publisher-event-receiver",
            "gcp:projects/service:Service es-api-managed-service",
            "gcp:projects/service:Service es-enable-apigateway",
            "gcp:projects/service:Service es-enable-apikeys",
            "gcp:projects/service:Service es-enable-artifactregistry",
            "gcp:projects/service:Service es-enable-cloudbuild",
            "gcp:projects/service:Service es-enable-cloudfunctions",
            "gcp:projects/service:Service es-enable-cloudresourcemanager",
            "gcp:projects/service:Service es-enable-eventarc",
            "gcp:projects/service:Service es-enable-firestore",
            "gcp:projects/service:Service es-enable-iam",
            "gcp:projects/service:Service es-enable-pubsub",
            "gcp:projects/service:Service es-enable-run",
            "gcp:projects/service:Service es-enable-servicecontrol",
            "gcp:projects/service:Service es-enable-servicemanagement",
            "gcp:projects/service:Service es-enable-storage",
            "gcp:pubsub/subscription:Subscription es-publish-dead-letters-held",
            "gcp:pubsub/topic:Topic es-publish-dead-letters",
            "gcp:pubsub/topic:Topic es-topic",
            "gcp:pubsub/topicIAMMember:TopicIAMMember es-publisher-dead-letter-access",
            "gcp:pubsub/topicIAMMember:TopicIAMMember es-publisher-topic-access",
            "gcp:serviceaccount/account:Account es-api-gateway-identity",
            "gcp:serviceaccount/account:Account es-command-build-identity",
            "gcp:serviceaccount/account:Account es-command-identity",
            "gcp:serviceaccount/account:Account es-publisher-build-identity",
            "gcp:serviceaccount/account:Account es-publisher-identity",
            "gcp:storage/bucket:Bucket es-command-source",
            "gcp:storage/bucket:Bucket es-publisher-source",
            "gcp:storage/bucketIAMMember:BucketIAMMember es-command-build-source-reader",
            "gcp:storage/bucketIAMMember:BucketIAMMember es-publisher-build-source-reader",
            "gcp:storage/bucketObject:BucketObject es-command-package",
            "gcp:storage/bucketObject:BucketObject es-publisher-package",
        ]);
        const db = only(resources, "gcp:firestore/database:Database").inputs;
        assert.deepEqual(
            [db.type, db.locationId, db.pointInTimeRecoveryEnablement, db.deleteProtectionState],
            ["FIRESTORE_NATIVE", "us-central1", "POINT_IN_TIME_RECOVERY_ENABLED", "DELETE_PROTECTION_ENABLED"],
        );
        assert.equal(only(resources, "gcp:pubsub/topic:Topic", "es-topic").inputs.messageRetentionDuration, "604800s");
        const member = `serviceAccount:${only(resources, "gcp:serviceaccount/account:Account", "es-command-identity").inputs.accountId}@mock-project.iam.gserviceaccount.com`;
        const access = only(resources, "gcp:projects/iAMMember:IAMMember", "es-database-access").inputs;
        assert.deepEqual([access.role, access.member], ["roles/datastore.user", member]);
        assert.ok(
            access.condition.expression.includes(`resource.name == "projects/mock-project/databases/${db.name}"`),
            access.condition.expression,
        );
        const topicName = only(resources, "gcp:pubsub/topic:Topic", "es-topic").inputs.name;
        const fn = only(resources, "gcp:cloudfunctionsv2/function:Function", "es-command-function").inputs;
        // The command function does not publish (and may not): the publisher does, from the stored events.
        assert.deepEqual(JSON.parse(fn.serviceConfig.environmentVariables.CLOUD_PATTERNS_CONFIG), {
            store: { kind: "firestore", databaseId: db.name, collection: "streams" },
            snapshotEvery: 100,
        });
        assert.equal(fn.labels.team, "ledger");
        assert.deepEqual(
            [outputs.storeName, outputs.eventsTopic, outputs.eventsTopicId],
            [db.name, `projects/mock-project/topics/${topicName}`, `projects/mock-project/topics/${topicName}`],
        );
        assert.equal(outputs.commandUrl, "https://es-api-gateway-mock.uc.gateway.dev");
    });
});

describe("EventSourcing args", function () {
    this.timeout(120_000);

    const refused = async (cloud: Cloud, args: EventSourcingArgs, message: RegExp) => {
        let registered = 0;
        await assert.rejects(
            evaluate(() => new EventSourcing("es", args), { config: CONFIG[cloud] }).then((e) => (registered = e.resources.length)),
            message,
        );
        assert.equal(registered, 0);
    };

    it("names the bad field, the value and what is allowed, before any resource", async () => {
        await refused(Cloud.Aws, { store: "mongo" as never }, /EventSourcing 'es': store must be one of native, postgres, got "mongo"/);
        await refused(
            Cloud.Aws,
            { snapshotEvery: -1 },
            /snapshotEvery must be an integer from 0 to 100000 \(0 turns snapshots off\), got -1/,
        );
        await refused(
            Cloud.Gcp,
            { retentionDays: 36 },
            /retentionDays must be an integer from 1 to 35 \(DynamoDB PITR and Aurora backups keep at most 35 days\), got 36/,
        );
        await refused(
            Cloud.Gcp,
            { retentionDays: 32 },
            /retentionDays must be an integer from 1 to 31 \(on gcp a Pub\/Sub topic keeps messages at most 31 days\), got 32/,
        );
        await refused(Cloud.Azure, { memoryMb: 64 }, /memoryMb must be an integer from 128 to 4096, got 64/);
        await refused(Cloud.Aws, { store: "postgres", publish: false }, /needs aws.postgres \{ vpcId, subnetIds \}/);
        await refused(Cloud.Aws, { store: "postgres" }, /set publish: false with store 'postgres'/);
        await refused(
            Cloud.Azure,
            { store: "postgres", publish: false },
            /store 'postgres' on azure needs azure.postgres \{ delegatedSubnetId, privateDnsZoneId, functionSubnetId \}/,
        );
        await refused(Cloud.Gcp, { store: "postgres", publish: false }, /store 'postgres' on gcp needs gcp.postgres \{ network \}/);
        await refused(
            Cloud.Aws,
            { deciderModule: "./no/such/decider.ts" },
            /deciderModule must be the path of a module file exporting decide, evolve and initialState, got ".\/no\/such\/decider.ts" \(resolved to .*decider.ts, which is not a file\)/,
        );
        // Written at run time: a file that does not compile cannot live in the type-checked tree.
        const broken = path.join(mkdtempSync(path.join(tmpdir(), "es-decider-")), "broken-decider.ts");
        writeFileSync(broken, "export function decide( {\n");
        await refused(
            Cloud.Aws,
            { deciderModule: broken },
            /EventSourcing 'es': deciderModule '.*broken-decider.ts' cannot be bundled for aws: .*broken-decider.ts:\d+:\d+: Expected identifier but found end of file/,
        );
        await refused(Cloud.Aws, { cloud: "oracle" as never }, /unknown cloud 'oracle'/);
    });

    it("bundles the user's decider module in place of the built-in one", () => {
        const userModule = path.join(__dirname, "../fixtures/event-sourcing/counter-decider.ts");
        const files = Object.values(bundleFunction(commandBundle("dynamodb", userModule), Cloud.Aws, "es-command").files).join("\n");
        assert.match(files, /counter-decider-fixture-7f3a/);
        assert.doesNotMatch(files, /insufficient funds/);
        const builtIn = Object.values(bundleFunction(commandBundle("dynamodb"), Cloud.Aws, "es-command").files).join("\n");
        assert.match(builtIn, /insufficient funds/);
    });
});
