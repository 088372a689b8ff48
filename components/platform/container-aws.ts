import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { fargateTaskSize } from "./fargate-sizes";
import { invokeOptions } from "./function-settings";
import { awsName } from "./naming";
import { ContainerServiceArgs, ContainerSpec, HostedContainerService, mainContainer } from "./container-types";
import { AwsLoadBalancer, AwsLoadBalancerOptions, createAwsLoadBalancer, createAwsLoadBalancerSecurityGroup } from "./load-balancer-aws";
import { ArgsValidator } from "./validate";

/** Where the tasks run. */
export interface AwsContainerNetwork {
    /** @default the default VPC */
    readonly vpcId?: pulumi.Input<string>;
    /** @default the default VPC's default subnets (one per AZ) */
    readonly subnetIds?: pulumi.Input<string>[];
    /** @default true without subnetIds (the default VPC has no NAT gateway, and tasks must reach the registry), false with */
    readonly assignPublicIp?: boolean;
}

export interface AwsContainerServiceArgs extends ContainerServiceArgs {
    readonly network: AwsContainerNetwork;
    /** The Application Load Balancer's settings, used with ingress. @default {} */
    readonly loadBalancer?: AwsLoadBalancerOptions;
}

/** The children of one Fargate service. */
export interface AwsContainerService extends HostedContainerService {
    readonly cluster: aws.ecs.Cluster;
    readonly logGroup: aws.cloudwatch.LogGroup;
    /** The identity of the containers' own AWS calls: no permission at all until you grant one. */
    readonly taskRole: aws.iam.Role;
    /** The identity ECS starts the task with: writes to the log group, reads the named secrets, nothing else. */
    readonly executionRole: aws.iam.Role;
    readonly executionPolicy: aws.iam.RolePolicy;
    readonly securityGroup: aws.ec2.SecurityGroup;
    readonly taskDefinition: aws.ecs.TaskDefinition;
    readonly service: aws.ecs.Service;
    /** With ingress: the Application Load Balancer in front of the main container. */
    readonly loadBalancer?: AwsLoadBalancer;
    /** With maxInstances above minInstances: the scalable target and its CPU tracking policy. */
    readonly scaling?: { readonly target: aws.appautoscaling.Target; readonly policy: aws.appautoscaling.Policy };
}

const ECS_TASKS_ASSUME_ROLE = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

/** vCPU as ECS CPU units (1024 per vCPU). */
const units = (cpu: number) => Math.round(cpu * 1024);

function containerDefinition(
    spec: ContainerSpec,
    logGroup: pulumi.Input<string>,
    region: pulumi.Input<string>,
): pulumi.Output<aws.ecs.ContainerDefinition> {
    return pulumi.output(spec.env ?? {}).apply((env): aws.ecs.ContainerDefinition => ({
        name: spec.name,
        image: spec.image,
        essential: true,
        cpu: units(spec.cpu),
        memory: spec.memoryMb,
        // ECS has one list for what Kubernetes splits into command and args: the entrypoint's arguments.
        command: [...(spec.command ?? []), ...((spec.args as string[] | undefined) ?? [])],
        user: spec.runAsUser === undefined ? undefined : String(spec.runAsUser),
        portMappings: spec.port === undefined ? [] : [{ containerPort: spec.port, protocol: "tcp", name: spec.name }],
        environment: Object.entries(env).map(([name, value]) => ({ name, value })),
        secrets: spec.secretEnv?.map((s) => ({ name: s.name, valueFrom: `${s.secret}:${s.key}::` })),
        healthCheck: spec.health && { command: ["CMD", ...spec.health.command], interval: 5, timeout: 2, retries: 3, startPeriod: 10 },
        dependsOn: spec.waitsFor?.map((containerName) => ({ containerName, condition: "HEALTHY" })),
        logConfiguration: {
            logDriver: "awslogs",
            options: { "awslogs-group": logGroup, "awslogs-region": region, "awslogs-stream-prefix": spec.name },
        },
    }));
}

/** The default VPC and its default subnets, for a zero-config start. */
function defaultNetwork(opts: pulumi.CustomResourceOptions): { vpcId: pulumi.Output<string>; subnetIds: pulumi.Output<string[]> } {
    const vpc = aws.ec2.getVpcOutput({ default: true }, invokeOptions(opts));
    const subnets = aws.ec2.getSubnetsOutput(
        {
            filters: [
                { name: "vpc-id", values: [vpc.id] },
                { name: "default-for-az", values: ["true"] },
            ],
        },
        invokeOptions(opts),
    );
    return { vpcId: vpc.id, subnetIds: subnets.ids };
}

/**
 * A Fargate service in `awsvpc` mode running the containers as one task: an ECS cluster, a log
 * group with retention that every container logs to, a task role with no permissions, an
 * execution role that may write that log group and read only the secrets the containers name, a
 * security group with egress to anywhere (the upstreams) and no ingress but from the load
 * balancer, an Application Load Balancer with ingress (load-balancer-aws.ts), and CPU target
 * tracking when maxInstances exceeds minInstances. Children: `${name}-cluster`, `-logs`,
 * `-task-role`, `-execution-role`, `-execution-policy`, `-sg`, `-task`, `-service` (and
 * `-scaling`, `-cpu-scaling`; the load balancer's).
 */
export function createAwsContainerService(
    name: string,
    args: AwsContainerServiceArgs,
    opts: pulumi.CustomResourceOptions,
): AwsContainerService {
    const owner = `${name} (ECS Fargate)`;
    const main = mainContainer(args);
    if (args.ingress !== "none" && main.port === undefined)
        new ArgsValidator(owner).fail(`container '${main.name}' port`, "a port for the load balancer to send traffic to", main.port);
    const size = fargateTaskSize(
        owner,
        args.containers.reduce((sum, c) => sum + units(c.cpu), 0),
        args.containers.reduce((sum, c) => sum + c.memoryMb, 0),
    );
    const tags = args.tags;
    const network = args.network.subnetIds
        ? { vpcId: pulumi.output(args.network.vpcId as pulumi.Input<string>), subnetIds: pulumi.output(args.network.subnetIds) }
        : defaultNetwork(opts);
    const assignPublicIp = args.network.assignPublicIp ?? args.network.subnetIds === undefined;
    const region = aws.getRegionOutput({}, invokeOptions(opts)).region;

    // ECS names: up to 255 letters, digits, hyphens and underscores (API_CreateCluster, API_CreateService); awsName keeps to 64.
    const cluster = new aws.ecs.Cluster(`${name}-cluster`, { name: awsName(name), tags }, opts);
    const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-logs`,
        { name: `/ecs/${awsName(name)}`, retentionInDays: args.logRetentionDays, tags },
        opts,
    );
    // IAM role names: up to 64 characters of letters, digits and +=,.@_- (IAM quotas, "Names of IAM entities").
    const taskRole = new aws.iam.Role(
        `${name}-task-role`,
        { name: awsName(`${name}-task`), assumeRolePolicy: ECS_TASKS_ASSUME_ROLE, tags },
        opts,
    );
    const executionRole = new aws.iam.Role(
        `${name}-execution-role`,
        { name: awsName(`${name}-execution`), assumeRolePolicy: ECS_TASKS_ASSUME_ROLE, tags },
        opts,
    );
    const secretArns = [...new Set(args.containers.flatMap((c) => c.secretEnv?.map((s) => s.secret) ?? []))];
    const executionPolicy = new aws.iam.RolePolicy(
        `${name}-execution-policy`,
        {
            role: executionRole.name,
            policy: logGroup.arn.apply((arn) =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${arn}:*` },
                        ...(secretArns.length
                            ? [{ Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: secretArns }]
                            : []),
                    ],
                }),
            ),
        },
        opts,
    );
    const lbSecurityGroup = args.ingress === "none" ? undefined : createAwsLoadBalancerSecurityGroup(name, network.vpcId, tags, opts);
    const securityGroup = new aws.ec2.SecurityGroup(
        `${name}-sg`,
        {
            vpcId: network.vpcId,
            description: lbSecurityGroup
                ? `${name}: inbound from its load balancer only; outbound to the upstreams`
                : `${name}: no inbound; outbound to the upstreams`,
            ingress: lbSecurityGroup && [
                { protocol: "tcp", fromPort: main.port!, toPort: main.port!, securityGroups: [lbSecurityGroup.id] },
            ],
            egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }],
            tags,
        },
        opts,
    );
    const loadBalancer =
        lbSecurityGroup &&
        createAwsLoadBalancer(
            name,
            owner,
            {
                ...args.loadBalancer,
                ingress: args.ingress as "internal" | "external",
                vpcId: network.vpcId,
                vpcCidr: aws.ec2.getVpcOutput({ id: network.vpcId }, invokeOptions(opts)).cidrBlock,
                subnetIds: network.subnetIds,
                targetPort: main.port!,
                tags,
            },
            lbSecurityGroup,
            securityGroup.id,
            opts,
        );
    const taskDefinition = new aws.ecs.TaskDefinition(
        `${name}-task`,
        {
            family: awsName(name),
            networkMode: "awsvpc",
            requiresCompatibilities: ["FARGATE"],
            cpu: String(size.cpu),
            memory: String(size.memory),
            runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
            taskRoleArn: taskRole.arn,
            executionRoleArn: executionRole.arn,
            containerDefinitions: pulumi.jsonStringify(args.containers.map((c) => containerDefinition(c, logGroup.name, region))),
            tags,
        },
        opts,
    );
    const service = new aws.ecs.Service(
        `${name}-service`,
        {
            name: awsName(name),
            cluster: cluster.arn,
            taskDefinition: taskDefinition.arn,
            launchType: "FARGATE",
            desiredCount: args.minInstances,
            networkConfiguration: { subnets: network.subnetIds, securityGroups: [securityGroup.id], assignPublicIp },
            loadBalancers: loadBalancer && [
                { targetGroupArn: loadBalancer.targetGroup.arn, containerName: main.name, containerPort: main.port! },
            ],
            // The app starts after its sidecar is healthy: give both a minute before the target group's checks count.
            healthCheckGracePeriodSeconds: loadBalancer && 60,
            deploymentCircuitBreaker: { enable: true, rollback: true },
            propagateTags: "SERVICE",
            tags,
        },
        // The execution role must be able to log before the first task starts; ECS needs the
        // target group attached to a listener before a service can register with it.
        pulumi.mergeOptions(opts, { dependsOn: [executionPolicy, ...(loadBalancer ? [loadBalancer.listener] : [])] }),
    );
    const scaling = args.maxInstances > args.minInstances ? createScaling(name, args, cluster, service, opts) : undefined;
    return {
        cluster,
        logGroup,
        taskRole,
        executionRole,
        executionPolicy,
        securityGroup,
        loadBalancer,
        taskDefinition,
        service,
        scaling,
        serviceName: service.name,
        url: loadBalancer?.url ?? pulumi.output(""),
    };
}

function createScaling(
    name: string,
    args: ContainerServiceArgs,
    cluster: aws.ecs.Cluster,
    service: aws.ecs.Service,
    opts: pulumi.CustomResourceOptions,
): AwsContainerService["scaling"] {
    const target = new aws.appautoscaling.Target(
        `${name}-scaling`,
        {
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: pulumi.interpolate`service/${cluster.name}/${service.name}`,
            minCapacity: args.minInstances,
            maxCapacity: args.maxInstances,
            tags: args.tags,
        },
        opts,
    );
    const policy = new aws.appautoscaling.Policy(
        `${name}-cpu-scaling`,
        {
            policyType: "TargetTrackingScaling",
            serviceNamespace: target.serviceNamespace,
            scalableDimension: target.scalableDimension,
            resourceId: target.resourceId,
            targetTrackingScalingPolicyConfiguration: {
                targetValue: 70,
                predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
            },
        },
        opts,
    );
    return { target, policy };
}
