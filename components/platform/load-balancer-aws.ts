/**
 * An Application Load Balancer in front of a Fargate service's main container: the ingress of
 * container hosting on AWS (container-aws.ts). Loads only @pulumi/aws.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsName } from "./naming";
import { ArgsValidator } from "./validate";

/**
 * TLS 1.3 and 1.2 only, AWS's recommended policy. Without `sslPolicy` the ELB API uses
 * ELBSecurityPolicy-2016-08, which still accepts TLS 1.0 (docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html).
 */
export const ALB_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** The ALB's own settings, from the pattern's `aws` bag. */
export interface AwsLoadBalancerOptions {
    /**
     * An ACM certificate for the HTTPS listener. Required with `external` ingress; without it an
     * `internal` load balancer listens on plain HTTP, port 80, inside the VPC.
     * @default none
     */
    readonly certificateArn?: pulumi.Input<string>;
    /** The path the target group probes on the main container. @default "/" */
    readonly healthCheckPath?: string;
    /**
     * An existing S3 bucket (SSE-S3, with the bucket policy that lets Elastic Load Balancing
     * write) for the ALB's access logs. The policy's principal differs per region (an ELB
     * account id in regions opened before August 2022, `logdelivery.elasticloadbalancing.amazonaws.com`
     * after), so the bucket is the account's, not the component's.
     * @default none: no access logs (Envoy still logs every outbound call)
     */
    readonly accessLogsBucket?: pulumi.Input<string>;
}

export interface AwsLoadBalancerArgs extends AwsLoadBalancerOptions {
    readonly ingress: "internal" | "external";
    readonly vpcId: pulumi.Input<string>;
    /** Who may connect to an internal ALB: the VPC's own addresses. */
    readonly vpcCidr: pulumi.Input<string>;
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The main container's port: the target group's port and the only one the ALB may reach. */
    readonly targetPort: number;
    readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The ALB's children. */
export interface AwsLoadBalancer {
    readonly securityGroup: aws.ec2.SecurityGroup;
    /** Clients to the listener port: IPv4 and IPv6 from anywhere (external), the VPC's CIDR (internal). */
    readonly ingressRules: aws.vpc.SecurityGroupIngressRule[];
    /** The ALB to the tasks' security group on the target port, nothing else. */
    readonly egressRule: aws.vpc.SecurityGroupEgressRule;
    readonly loadBalancer: aws.lb.LoadBalancer;
    readonly targetGroup: aws.lb.TargetGroup;
    /** HTTPS with the TLS policy when a certificate is given, else HTTP. */
    readonly listener: aws.lb.Listener;
    /** With a certificate: port 80 answering a permanent redirect to HTTPS. */
    readonly redirectListener?: aws.lb.Listener;
    readonly url: pulumi.Output<string>;
}

/** Load balancer and target group names: up to 32 letters, digits and hyphens, not starting with `internal-` (CreateLoadBalancer, CreateTargetGroup). */
function lbName(logicalName: string): string {
    return awsName(logicalName.replace(/^internal-/i, "lb-"), 32);
}

/** The ALB's security group, made first: the tasks' group admits it by id, and the rules between the two come after both. */
export function createAwsLoadBalancerSecurityGroup(
    name: string,
    vpcId: pulumi.Input<string>,
    tags: AwsLoadBalancerArgs["tags"],
    opts: pulumi.CustomResourceOptions,
): aws.ec2.SecurityGroup {
    // No inline rules: they are separate resources below, and AWS forbids mixing the two on one group.
    return new aws.ec2.SecurityGroup(
        `${name}-lb-sg`,
        { vpcId, description: `${name}: clients to the load balancer, the load balancer to the tasks only`, tags },
        opts,
    );
}

/**
 * The ALB (internet-facing for `external`, internal for `internal`), its listener (HTTPS with
 * {@link ALB_TLS_POLICY} and an HTTP-to-HTTPS redirect when a certificate is given; plain HTTP
 * inside the VPC otherwise, and only for `internal`), an `ip` target group on the target port
 * with health checks, and the security group rules: clients in on the listener ports, out only
 * to `targetSecurityGroupId` on the target port. Drops invalid header fields; access logs to
 * `accessLogsBucket` when given. Children: `${name}-lb`, `-tg`, `-listener`, `-http-redirect`,
 * `-lb-in-*`, `-lb-to-tasks`.
 */
export function createAwsLoadBalancer(
    name: string,
    owner: string,
    args: AwsLoadBalancerArgs,
    securityGroup: aws.ec2.SecurityGroup,
    targetSecurityGroupId: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): AwsLoadBalancer {
    const check = new ArgsValidator(owner);
    const https = args.certificateArn !== undefined;
    // The pattern checks its args before any resource; this guards other callers.
    if (!https && args.ingress === "external") check.refuse("an internet-facing load balancer needs certificateArn: HTTPS only");
    const healthCheckPath = args.healthCheckPath ?? "/";
    const { tags } = args;
    const ports = https ? [443, 80] : [80];
    const sources =
        args.ingress === "external"
            ? [
                  { suffix: "ipv4", cidrIpv4: "0.0.0.0/0" },
                  { suffix: "ipv6", cidrIpv6: "::/0" },
              ]
            : [{ suffix: "vpc", cidrIpv4: args.vpcCidr }];
    const ingressRules = ports.flatMap((port) =>
        sources.map(
            ({ suffix, ...source }) =>
                new aws.vpc.SecurityGroupIngressRule(
                    `${name}-lb-in-${port}-${suffix}`,
                    { securityGroupId: securityGroup.id, ipProtocol: "tcp", fromPort: port, toPort: port, ...source, tags },
                    opts,
                ),
        ),
    );
    const egressRule = new aws.vpc.SecurityGroupEgressRule(
        `${name}-lb-to-tasks`,
        {
            securityGroupId: securityGroup.id,
            ipProtocol: "tcp",
            fromPort: args.targetPort,
            toPort: args.targetPort,
            referencedSecurityGroupId: targetSecurityGroupId,
            tags,
        },
        opts,
    );
    const loadBalancer = new aws.lb.LoadBalancer(
        `${name}-lb`,
        {
            name: lbName(name),
            loadBalancerType: "application",
            internal: args.ingress === "internal",
            securityGroups: [securityGroup.id],
            subnets: args.subnetIds,
            dropInvalidHeaderFields: true,
            accessLogs: args.accessLogsBucket === undefined ? undefined : { bucket: args.accessLogsBucket, prefix: name, enabled: true },
            tags,
        },
        opts,
    );
    const targetGroup = new aws.lb.TargetGroup(
        `${name}-tg`,
        {
            name: lbName(`${name}-tg`),
            // awsvpc tasks register by their own IP.
            targetType: "ip",
            port: args.targetPort,
            protocol: "HTTP",
            vpcId: args.vpcId,
            deregistrationDelay: 30,
            healthCheck: {
                path: healthCheckPath,
                port: "traffic-port",
                protocol: "HTTP",
                matcher: "200-399",
                interval: 15,
                timeout: 5,
                healthyThreshold: 2,
                unhealthyThreshold: 3,
            },
            tags,
        },
        opts,
    );
    const forward = [{ type: "forward", targetGroupArn: targetGroup.arn }];
    const listener = new aws.lb.Listener(
        `${name}-listener`,
        https
            ? {
                  loadBalancerArn: loadBalancer.arn,
                  port: 443,
                  protocol: "HTTPS",
                  sslPolicy: ALB_TLS_POLICY,
                  certificateArn: args.certificateArn,
                  defaultActions: forward,
                  tags,
              }
            : { loadBalancerArn: loadBalancer.arn, port: 80, protocol: "HTTP", defaultActions: forward, tags },
        opts,
    );
    const redirectListener = https
        ? new aws.lb.Listener(
              `${name}-http-redirect`,
              {
                  loadBalancerArn: loadBalancer.arn,
                  port: 80,
                  protocol: "HTTP",
                  defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
                  tags,
              },
              opts,
          )
        : undefined;
    const url = pulumi.interpolate`${https ? "https" : "http"}://${loadBalancer.dnsName}`;
    return { securityGroup, ingressRules, egressRule, loadBalancer, targetGroup, listener, redirectListener, url };
}
