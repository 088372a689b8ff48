import { strict as assert } from "node:assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../../components/cloud";
import { bundleFunction } from "../../components/platform/bundle";
import { createAwsFunction, grantAws, lambdaEnvironment } from "../../components/platform/function-aws";
import { settingsJson } from "../../components/platform/function-settings";
import { evaluate, valueOf } from "../../plan/mock-cloud";
import { inventory, only } from "../support/resources";
import { failureOf, recordedArchiveFiles } from "./recorded";
import { childrenOf, EXPECTED_SETTINGS_JSON, functionArgs, Host } from "./fixture";

const LAMBDA = "aws:lambda/function:Function";
const TAGS = { "managed-by": "cloud-patterns", pattern: "gateway-aggregation", team: "Payments Team" };

describe("createAwsFunction", () => {
    it("creates exactly a Lambda function, its role, the basic-execution attachment and a log group, under the pattern", async () => {
        const { resources } = await evaluate(() => createAwsFunction("gw-fn", functionArgs(), { parent: new Host("gw") }));
        assert.deepEqual(inventory(resources), childrenOf(resources, "gw-fn-"));
        assert.deepEqual(childrenOf(resources, "gw-fn-"), [
            "aws:cloudwatch/logGroup:LogGroup gw-fn-logs",
            "aws:iam/role:Role gw-fn-role",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment gw-fn-basic-execution",
            `${LAMBDA} gw-fn-function`,
        ]);
    });

    it("runs nodejs24.x on arm64 with the handler, memory, timeout, tags and JSON logs to its own log group", async () => {
        const { resources } = await evaluate(() => createAwsFunction("gw-fn", functionArgs(), { parent: new Host("gw") }));
        const fn = only(resources, LAMBDA).inputs;
        const logGroup = only(resources, "aws:cloudwatch/logGroup:LogGroup").inputs;
        assert.equal(fn.runtime, "nodejs24.x");
        assert.deepEqual(fn.architectures, ["arm64"]);
        assert.equal(fn.handler, "index.handler");
        assert.equal(fn.memorySize, 256);
        assert.equal(fn.timeout, 20);
        assert.equal(fn.reservedConcurrentExecutions, undefined, "no reserved concurrency unless asked");
        assert.match(fn.name, /^gw-fn-[0-9a-f]{8}$/);
        assert.deepEqual(fn.loggingConfig, { logFormat: "JSON", logGroup: `/aws/lambda/${fn.name}` });
        assert.equal(logGroup.name, `/aws/lambda/${fn.name}`);
        assert.equal(logGroup.retentionInDays, 30);
        assert.deepEqual(fn.tags, TAGS);
        assert.deepEqual(logGroup.tags, TAGS);
        assert.deepEqual(only(resources, "aws:iam/role:Role").inputs.tags, TAGS);
    });

    it("writes the settings as one JSON document in CLOUD_PATTERNS_CONFIG beside the extra variables", async () => {
        const { resources } = await evaluate(() => createAwsFunction("gw-fn", functionArgs(), { parent: new Host("gw") }));
        assert.deepEqual(only(resources, LAMBDA).inputs.environment, {
            variables: { CLOUD_PATTERNS_CONFIG: EXPECTED_SETTINGS_JSON, EXTRA: "yes" },
        });
    });

    it("deploys the bundle of the handler for AWS as the code archive", async () => {
        const args = functionArgs();
        const { resources } = await evaluate(() => createAwsFunction("gw-fn", args, { parent: new Host("gw") }));
        const files = await recordedArchiveFiles(only(resources, LAMBDA).inputs.code);
        assert.deepEqual(files, bundleFunction(args.bundle, Cloud.Aws, "gw-fn").files);
        assert.match(files["index.js"], /handler/);
    });

    it("gives the function a role only Lambda can assume, with the basic execution policy and nothing else", async () => {
        const { resources } = await evaluate(() => createAwsFunction("gw-fn", functionArgs(), { parent: new Host("gw") }));
        const role = only(resources, "aws:iam/role:Role").inputs;
        assert.deepEqual(JSON.parse(role.assumeRolePolicy), {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
        assert.equal(role.managedPolicyArns, undefined);
        assert.equal(role.inlinePolicies, undefined);
        const attachment = only(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").inputs;
        assert.equal(attachment.policyArn, "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
        assert.equal(attachment.role, role.name);
        assert.equal(only(resources, LAMBDA).inputs.role, `arn:aws:iam::123456789012:role/${role.name}`);
    });

    it("applies the log retention and reserved concurrency when given", async () => {
        const { resources } = await evaluate(() =>
            createAwsFunction("gw-fn", functionArgs({ logRetentionDays: 7, maxInstances: 5 }), { parent: new Host("gw") }),
        );
        assert.equal(only(resources, "aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays, 7);
        assert.equal(only(resources, LAMBDA).inputs.reservedConcurrentExecutions, 5);
    });

    it("returns the function name and typed children", async () => {
        const { result } = await evaluate(() => createAwsFunction("gw-fn", functionArgs(), { parent: new Host("gw") }));
        assert.match(await valueOf(result.functionName), /^gw-fn-[0-9a-f]{8}$/);
        assert.equal(
            await valueOf(result.function.arn),
            `arn:aws:lambda:us-east-1:123456789012:function:${await valueOf(result.functionName)}`,
        );
    });

    it("rejects memory, timeout and environment the cloud or the package does not allow, before any child", async () => {
        const cases: [Parameters<typeof functionArgs>[0], RegExp][] = [
            [{ memoryMb: 64 }, /gw-fn \(AWS Lambda\): memoryMb must be an integer from 128 to 10240, got 64/],
            [{ timeoutSeconds: 901 }, /timeoutSeconds must be an integer from 1 to 900, got 901/],
            [
                { logRetentionDays: 10 },
                /logRetentionDays must be one of 1, 3, 5, 7, 14, 30, .*, 3653 \(CloudWatch Logs accepts only these\), got 10/,
            ],
            [
                { environment: { CLOUD_PATTERNS_CONFIG: "{}" } },
                /environment must not set CLOUD_PATTERNS_CONFIG; pass handler settings in 'settings'/,
            ],
        ];
        for (const [overrides, message] of cases) {
            let resources: unknown[] = [];
            await assert.rejects(
                evaluate(() => createAwsFunction("gw-fn", functionArgs(overrides), {})).then((e) => (resources = e.resources)),
                message,
            );
            assert.deepEqual(resources, []);
        }
    });

    it("refuses secrets in the settings, pointing to the secret store, and creates no function", async () => {
        const args = functionArgs({ settings: { apiKey: pulumi.secret("s3cr3t") } });
        let json: pulumi.Output<string> | undefined;
        const { resources } = await evaluate(() => {
            json = settingsJson("gw-fn (AWS Lambda)", args.settings);
            return createAwsFunction("gw-fn", args, {});
        });
        assert.match(
            (await failureOf(json!)).message,
            /gw-fn \(AWS Lambda\): settings contain a secret; CLOUD_PATTERNS_CONFIG is plain configuration, so pass a reference to the secret store/,
        );
        assert.equal(resources.filter((r) => r.type === LAMBDA).length, 0, "the function is never created with the secret");
    });
});

describe("lambdaEnvironment", () => {
    it("refuses an environment Lambda would reject, with its size and the limit", async () => {
        const { result } = await evaluate(() =>
            lambdaEnvironment("gw-fn (AWS Lambda)", functionArgs({ settings: { blob: "x".repeat(5000) } })),
        );
        assert.match(
            (await failureOf(result)).message,
            /gw-fn \(AWS Lambda\): the environment is 5\d{3} bytes and Lambda allows 4096; keep large data out of settings/,
        );
    });
});

describe("grantAws", () => {
    it("adds one inline policy on the role with exactly the statements and resources given", async () => {
        const { resources } = await evaluate(() => {
            const host = new Host("gw");
            const fn = createAwsFunction("gw-fn", functionArgs(), { parent: host });
            const table = new aws.dynamodb.Table(
                "gw-table",
                { name: "events", hashKey: "id", attributes: [{ name: "id", type: "S" }] },
                { parent: host },
            );
            return grantAws("gw-fn-store", fn.role, [{ actions: ["dynamodb:GetItem", "dynamodb:PutItem"], resources: [table.arn] }], {
                parent: host,
            });
        });
        const policy = only(resources, "aws:iam/rolePolicy:RolePolicy", "gw-fn-store-policy").inputs;
        assert.equal(policy.role, only(resources, "aws:iam/role:Role").inputs.name);
        assert.deepEqual(JSON.parse(policy.policy), {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Action: ["dynamodb:GetItem", "dynamodb:PutItem"],
                    Resource: ["arn:aws:dynamodb:us-east-1:123456789012:table/events"],
                },
            ],
        });
    });

    it("refuses wildcard actions and resources, and empty statements", async () => {
        const grant = (statements: Parameters<typeof grantAws>[2]) =>
            evaluate(() => grantAws("gw-fn-x", createAwsFunction("gw-fn", functionArgs(), {}).role, statements, {}));
        await assert.rejects(grant([]), /gw-fn-x: grantAws needs at least one statement/);
        await assert.rejects(grant([{ actions: ["s3:*"], resources: ["arn:aws:s3:::b"] }]), /statement 0 grants 's3:\*'; list the actions/);
        await assert.rejects(
            grant([{ actions: ["sqs:SendMessage"], resources: [] }]),
            /statement 0 must list at least one action and one resource/,
        );
        await assert.rejects(
            grant([{ actions: ["sqs:SendMessage"], resources: ["*"] }]),
            /statement 0 grants on resource '\*'; scope it to the ARNs/,
        );
    });
});
