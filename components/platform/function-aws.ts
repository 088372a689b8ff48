import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import { toArchive } from "./archive";
import { bundleFunction } from "./bundle";
import { DEFAULT_LOG_RETENTION_DAYS, functionEnvironment, validateFunctionArgs } from "./function-settings";
import { awsName, packagedFunctionName } from "./naming";
import { FunctionArgs, HostedFunction } from "./types";

/** The private network a Lambda function runs in, to reach resources without a public address. */
export interface AwsFunctionVpc {
    /** Private subnets (at most 16) the function's network interfaces are placed in; two or more AZs for availability. */
    readonly subnetIds: pulumi.Input<string>[];
    /** Security groups (1 to 5) of those interfaces: what they decide is what the function may reach. */
    readonly securityGroupIds: pulumi.Input<string>[];
}

export interface AwsFunctionArgs extends FunctionArgs {
    /**
     * Run the function in a VPC. The function then has no internet access and reaches AWS APIs
     * only through VPC endpoints or a NAT gateway that the VPC already has.
     * @default none: Lambda's own network, with internet access and no VPC access
     */
    readonly vpc?: AwsFunctionVpc;
}

/** The children of one Lambda function. */
export interface AwsFunction extends HostedFunction {
    readonly function: aws.lambda.Function;
    /** The function's own execution role; add scoped permissions with {@link grantAws}. */
    readonly role: aws.iam.Role;
    readonly logGroup: aws.cloudwatch.LogGroup;
    /** With `vpc` only: AWSLambdaVPCAccessExecutionRole, so Lambda can manage the function's network interfaces. */
    readonly vpcAccess?: aws.iam.RolePolicyAttachment;
}

/** Lambda limits the neutral args are checked against. */
export const AWS_FUNCTION_LIMITS = { cloud: Cloud.Aws, memoryMb: [128, 10240], timeoutSeconds: [1, 900], maxInstances: [1, 1000] } as const;

/** Lambda refuses an environment larger than this (names and values together). */
export const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;

/** The function's environment, failing with the size and the limit when Lambda would refuse it. */
export function lambdaEnvironment(owner: string, args: FunctionArgs): pulumi.Output<Record<string, string>> {
    return pulumi.output(functionEnvironment(owner, args)).apply((variables) => {
        const bytes = Object.entries(variables).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
        if (bytes > LAMBDA_ENVIRONMENT_LIMIT_BYTES) {
            throw new Error(
                `${owner}: the environment is ${bytes} bytes and Lambda allows ${LAMBDA_ENVIRONMENT_LIMIT_BYTES}; ` +
                    `keep large data out of settings (store it and pass its name or ARN)`,
            );
        }
        return variables;
    });
}

/** Lambda's limits on a VPC configuration (checked when the lists are plain arrays). */
const VPC_LIMITS = { subnetIds: [1, 16], securityGroupIds: [1, 5] } as const;

function validateVpc(owner: string, vpc: AwsFunctionVpc | undefined): void {
    if (vpc === undefined) return;
    for (const field of ["subnetIds", "securityGroupIds"] as const) {
        const list: unknown = vpc[field];
        const [min, max] = VPC_LIMITS[field];
        if (!Array.isArray(list) || list.length < min || list.length > max) {
            throw new Error(`${owner}: vpc.${field} must list ${min} to ${max} ids, got ${JSON.stringify(list)}`);
        }
    }
}

const LAMBDA_ASSUME_ROLE = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

/**
 * A Lambda function (nodejs24.x on arm64, the cheaper architecture) running the bundled handler,
 * with its own role (basic execution only), and a log group with retention that the function
 * logs to as JSON. Children are `${name}-function`, `-role`, `-basic-execution`, `-logs`, and with
 * `vpc` also `-vpc-access`.
 */
export function createAwsFunction(name: string, args: AwsFunctionArgs, opts: pulumi.CustomResourceOptions): AwsFunction {
    const owner = `${name} (AWS Lambda)`;
    validateFunctionArgs(owner, args, AWS_FUNCTION_LIMITS);
    validateVpc(owner, args.vpc);
    const functionName = awsName(name);
    const tags = args.tags;

    const role = new aws.iam.Role(`${name}-role`, { name: awsName(`${name}-role`), assumeRolePolicy: LAMBDA_ASSUME_ROLE, tags }, opts);
    const basicExecution = new aws.iam.RolePolicyAttachment(
        `${name}-basic-execution`,
        { role: role.name, policyArn: aws.iam.ManagedPolicy.AWSLambdaBasicExecutionRole },
        opts,
    );
    // Lambda checks at create time that the role may create the function's network interfaces.
    const vpcAccess = args.vpc
        ? new aws.iam.RolePolicyAttachment(
              `${name}-vpc-access`,
              { role: role.name, policyArn: aws.iam.ManagedPolicy.AWSLambdaVPCAccessExecutionRole },
              opts,
          )
        : undefined;
    // Created here rather than by Lambda on first invoke, so it has a retention and is deleted with the stack.
    const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-logs`,
        { name: `/aws/lambda/${functionName}`, retentionInDays: args.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS, tags },
        opts,
    );

    const fn = new aws.lambda.Function(
        `${name}-function`,
        {
            name: functionName,
            // The newest Node.js runtime Lambda offers: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
            runtime: aws.lambda.Runtime.NodeJS24dX,
            architectures: ["arm64"],
            handler: "index.handler",
            role: role.arn,
            code: toArchive(bundleFunction(args.bundle, Cloud.Aws, packagedFunctionName(name))),
            memorySize: args.memoryMb,
            timeout: args.timeoutSeconds,
            reservedConcurrentExecutions: args.maxInstances,
            environment: { variables: lambdaEnvironment(owner, args) },
            loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
            vpcConfig: args.vpc && { subnetIds: args.vpc.subnetIds, securityGroupIds: args.vpc.securityGroupIds },
            tags,
        },
        // The role must be able to write logs (and manage its network interfaces) before the first
        // invocation, and keeps that until the function is gone, so Lambda can release the interfaces.
        pulumi.mergeOptions(opts, { dependsOn: vpcAccess ? [basicExecution, logGroup, vpcAccess] : [basicExecution, logGroup] }),
    );
    return { function: fn, role, logGroup, vpcAccess, functionName: fn.name };
}

/** One IAM statement a pattern grants its function, scoped to resources the pattern made. */
export interface AwsStatement {
    readonly actions: readonly string[];
    readonly resources: readonly pulumi.Input<string>[];
    /** Narrows the statement further, e.g. `{ "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [...] } }`. @default none */
    readonly condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/**
 * An inline policy on a function's role, `${name}-policy`. Every statement must name its
 * resources; a wildcard resource or action is refused, since patterns only touch what they made.
 */
export function grantAws(
    name: string,
    role: aws.iam.Role,
    statements: readonly AwsStatement[],
    opts: pulumi.CustomResourceOptions,
): aws.iam.RolePolicy {
    if (statements.length === 0) throw new Error(`${name}: grantAws needs at least one statement`);
    statements.forEach((statement, i) => {
        if (statement.actions.length === 0 || statement.resources.length === 0) {
            throw new Error(`${name}: statement ${i} must list at least one action and one resource`);
        }
        const wildcardAction = statement.actions.find((a) => a === "*" || a.endsWith(":*"));
        if (wildcardAction) throw new Error(`${name}: statement ${i} grants '${wildcardAction}'; list the actions the function needs`);
        if (statement.resources.includes("*")) {
            throw new Error(`${name}: statement ${i} grants on resource '*'; scope it to the ARNs the pattern made`);
        }
    });
    const policy = pulumi.all(statements.map((s) => pulumi.all([...s.resources]))).apply((resources) =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: statements.map((s, i) => ({
                Effect: "Allow",
                Action: [...s.actions],
                Resource: resources[i],
                ...(s.condition && { Condition: s.condition }),
            })),
        }),
    );
    return new aws.iam.RolePolicy(`${name}-policy`, { role: role.name, policy }, opts);
}
