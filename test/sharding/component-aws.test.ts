import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { ROUTER_TABLE_ACTIONS } from "../../components/sharding/aws";
import { inventory, ofType, only } from "../support/resources";
import { deploySharding, geoArgs, POSTGRES_NETWORK, settingsOf } from "./component-fixture";

const policy = (r: { inputs: Record<string, string> }) => JSON.parse(r.inputs.policy).Statement;
const FUNCTION = [
    "aws:cloudwatch/logGroup:LogGroup orders-router-logs",
    "aws:iam/role:Role orders-router-role",
    "aws:iam/rolePolicy:RolePolicy orders-router-policy",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment orders-router-basic-execution",
    "aws:lambda/function:Function orders-router-function",
];
const API = [
    "aws:apigatewayv2/api:Api orders-api-api",
    "aws:apigatewayv2/integration:Integration orders-api-integration",
    ...["delete-items-key", "get-items", "get-items-key", "get-shards-key", "post-moves", "put-items-key"].map(
        (r) => `aws:apigatewayv2/route:Route orders-api-route-${r}`,
    ),
    "aws:apigatewayv2/stage:Stage orders-api-stage",
    "aws:cloudwatch/logGroup:LogGroup orders-api-access-logs",
    "aws:lambda/permission:Permission orders-api-invoke-permission",
];
const tableArn = (region: string, name: string) => `arn:aws:dynamodb:${region}:123456789012:table/${name}`;

describe("Sharding on AWS (mocks)", function () {
    this.timeout(180_000);

    it("managed, 4 shards by hash: one encrypted DynamoDB table keyed (shard, id), the router behind an IAM-authenticated HTTP API", async () => {
        const { resources, outputs } = await deploySharding(Cloud.Aws, { key: "orderId", shardCount: 4 });
        assert.deepEqual(inventory(resources), [...FUNCTION, ...API, "aws:dynamodb/table:Table orders-items"].sort());

        const table = only(resources, "aws:dynamodb/table:Table").inputs;
        assert.deepEqual([table.hashKey, table.rangeKey, table.billingMode], ["shard", "id", "PAY_PER_REQUEST"]);
        assert.deepEqual(table.attributes, [
            { name: "shard", type: "S" },
            { name: "id", type: "S" },
        ]);
        assert.deepEqual(
            [table.serverSideEncryption, table.pointInTimeRecovery, table.deletionProtectionEnabled],
            [{ enabled: true }, { enabled: true, recoveryPeriodInDays: 7 }, true],
        );
        assert.equal(table.tags.team, "orders");
        assert.equal(table.tags.pattern, "sharding");

        // The router may reach this table's items of these shards only, and only the calls it makes.
        const names = ["shard-0", "shard-1", "shard-2", "shard-3"];
        assert.deepEqual(policy(only(resources, "aws:iam/rolePolicy:RolePolicy")), [
            {
                Effect: "Allow",
                Action: [...ROUTER_TABLE_ACTIONS],
                Resource: [tableArn("us-east-1", table.name)],
                Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": names.map((n) => `${n}#*`) } },
            },
        ]);

        const settings = settingsOf(only(resources, "aws:lambda/function:Function"));
        assert.deepEqual(settings, {
            key: "orderId",
            store: "managed",
            map: {
                version: 1,
                strategy: "hash",
                shards: names.map((name) => ({ name, location: { kind: "dynamodb", table: table.name, region: "us-east-1" } })),
            },
            scatterBudgetMs: 2000,
        });
        const routes = ofType(resources, "aws:apigatewayv2/route:Route").map((r) => [r.inputs.routeKey, r.inputs.authorizationType]);
        assert.deepEqual(
            routes.map(([, auth]) => auth),
            ["AWS_IAM", "AWS_IAM", "AWS_IAM", "AWS_IAM", "AWS_IAM", "AWS_IAM"],
        );
        assert.ok(
            routes.some(([key]) => key === "POST /moves"),
            "the mover's route, behind the same auth",
        );
        assert.equal(only(resources, "aws:cloudwatch/logGroup:LogGroup", "orders-router-logs").inputs.retentionInDays, 30);
        assert.equal(only(resources, "aws:lambda/function:Function").inputs.memorySize, 256);

        assert.deepEqual(outputs, {
            routerUrl: "https://orders-api-api-id.execute-api.us-east-1.amazonaws.com",
            shards: names.map((name) => ({ name, region: "us-east-1", store: table.name, endpoint: "dynamodb.us-east-1.amazonaws.com" })),
            shardMap: { version: 1, strategy: "hash", shards: names.map((name) => ({ name })) },
        });
    });

    it("geo: the away region's table through a provider of that region, each table's grant naming its own shards", async () => {
        const { resources, outputs } = await deploySharding(Cloud.Aws, geoArgs(Cloud.Aws));
        assert.deepEqual(
            inventory(resources),
            [
                ...FUNCTION,
                ...API,
                "aws:dynamodb/table:Table orders-items",
                "aws:dynamodb/table:Table orders-eu-central-1-items",
                "pulumi:providers:aws orders-provider-eu-central-1",
            ].sort(),
        );
        const provider = only(resources, "pulumi:providers:aws");
        assert.equal(provider.inputs.region, "eu-central-1");
        const away = only(resources, "aws:dynamodb/table:Table", "orders-eu-central-1-items");
        const home = only(resources, "aws:dynamodb/table:Table", "orders-items");
        assert.ok(
            away.provider?.startsWith(`${provider.urn}::`),
            `the away table is created through ${provider.urn}, got ${away.provider}`,
        );
        assert.ok(!home.provider?.includes("orders-provider"), "the home table uses the stack's provider");
        // Everything but the away table stays in the stack's region.
        const throughRegion = resources.filter((r) => r.provider?.startsWith(`${provider.urn}::`)).map((r) => r.name);
        assert.deepEqual(throughRegion, ["orders-eu-central-1-items"]);

        // (The mocks answer every ARN in the stack's region.)
        const statements = policy(only(resources, "aws:iam/rolePolicy:RolePolicy"));
        assert.deepEqual(
            statements.map((s: any) => [s.Condition["ForAllValues:StringLike"]["dynamodb:LeadingKeys"], s.Resource]),
            [
                [["home#*"], [tableArn("us-east-1", home.inputs.name)]],
                [["away#*"], [tableArn("us-east-1", away.inputs.name)]],
            ],
        );
        const settings = settingsOf(only(resources, "aws:lambda/function:Function"));
        assert.deepEqual(settings.map.geo, { field: "country", places: { HM: "us-east-1", AW: "eu-central-1" } });
        assert.deepEqual(
            settings.map.shards.map((s: any) => [s.name, s.region, s.location.region, s.location.table]),
            [
                ["home", "us-east-1", "us-east-1", home.inputs.name],
                ["away", "eu-central-1", "eu-central-1", away.inputs.name],
            ],
        );
        assert.deepEqual(outputs.shardMap, {
            version: 1,
            strategy: "geo",
            shards: [
                { name: "home", region: "us-east-1" },
                { name: "away", region: "eu-central-1" },
            ],
            geo: { field: "country", places: { HM: "us-east-1", AW: "eu-central-1" } },
        });
        assert.deepEqual(
            outputs.shards.map((s) => [s.name, s.region, s.endpoint]),
            [
                ["home", "us-east-1", "dynamodb.us-east-1.amazonaws.com"],
                ["away", "eu-central-1", "dynamodb.eu-central-1.amazonaws.com"],
            ],
        );
    });

    it("postgres, 3 ranges: an encrypted private Aurora cluster per shard on one network, the router in the VPC reading each shard's secret only", async () => {
        const { resources, outputs } = await deploySharding(Cloud.Aws, {
            strategy: "range",
            store: "postgres",
            shards: [
                { name: "a-h", to: "i" },
                { name: "i-q", from: "i", to: "r" },
                { name: "r-z", from: "r" },
            ],
            mapVersion: 3,
            aws: POSTGRES_NETWORK.aws,
        });
        const shards = ["a-h", "i-q", "r-z"];
        assert.deepEqual(
            inventory(resources),
            [
                ...FUNCTION,
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment orders-router-vpc-access",
                ...API,
                ...shards.flatMap((s) => [
                    `aws:rds/cluster:Cluster orders-${s}-db`,
                    `aws:rds/clusterInstance:ClusterInstance orders-${s}-db-instance`,
                ]),
                "aws:rds/subnetGroup:SubnetGroup orders-db-subnets",
                "aws:ec2/securityGroup:SecurityGroup orders-db-access",
                "aws:ec2/securityGroup:SecurityGroup orders-router-network",
                "aws:ec2/securityGroup:SecurityGroup orders-secrets-endpoint",
                "aws:ec2/vpcEndpoint:VpcEndpoint orders-secrets",
                "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule orders-db-from-router",
                "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule orders-secrets-from-router",
                "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule orders-router-to-db",
                "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule orders-router-to-secrets",
            ].sort(),
        );
        for (const cluster of ofType(resources, "aws:rds/cluster:Cluster")) {
            const c = cluster.inputs;
            assert.deepEqual(
                [c.storageEncrypted, c.manageMasterUserPassword, c.deletionProtection, c.dbSubnetGroupName, c.vpcSecurityGroupIds],
                [true, true, true, only(resources, "aws:rds/subnetGroup:SubnetGroup").inputs.name, ["orders-db-access-id"]],
            );
        }
        for (const instance of ofType(resources, "aws:rds/clusterInstance:ClusterInstance")) {
            assert.equal(instance.inputs.publiclyAccessible, false);
            // Named, not auto-named: a shard's logical name plus the provider's suffix could pass RDS's 63 characters.
            assert.match(instance.inputs.identifier, /^orders-[a-z]-[a-z]-db-instance-[0-9a-f]{8}$/);
        }
        const fn = only(resources, "aws:lambda/function:Function").inputs;
        assert.deepEqual(fn.vpcConfig, { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["orders-router-network-id"] });
        assert.equal(
            only(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "orders-db-from-router").inputs.fromPort,
            5432,
        );

        const settings = settingsOf(only(resources, "aws:lambda/function:Function"));
        assert.equal(settings.store, "postgres");
        assert.equal(settings.map.version, 3);
        const secrets = settings.map.shards.map((s: any) => s.location.password.secretId);
        assert.equal(new Set(secrets).size, 3, "a secret per shard");
        assert.deepEqual(
            settings.map.shards.map((s: any) => [s.name, s.from, s.to, s.location.kind, s.location.database, s.location.auth]),
            [
                ["a-h", undefined, "i", "postgres", "sharding", "password"],
                ["i-q", "i", "r", "postgres", "sharding", "password"],
                ["r-z", "r", undefined, "postgres", "sharding", "password"],
            ],
        );
        // The router reads the shards' passwords and nothing else; the endpoint's policy admits those secrets only.
        assert.deepEqual(policy(only(resources, "aws:iam/rolePolicy:RolePolicy")), [
            { Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: secrets },
        ]);
        assert.deepEqual(JSON.parse(only(resources, "aws:ec2/vpcEndpoint:VpcEndpoint").inputs.policy).Statement[0].Resource, secrets);
        assert.deepEqual(
            outputs.shards.map((s) => s.name),
            shards,
        );
        assert.deepEqual(outputs.shardMap.shards, [
            { name: "a-h", to: "i" },
            { name: "i-q", from: "i", to: "r" },
            { name: "r-z", from: "r" },
        ]);
    });
});
