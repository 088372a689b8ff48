/**
 * Aurora Serverless v2 PostgreSQL in private subnets, and the network a Lambda function reaches it
 * through: the building block of every pattern with a PostgreSQL store (Event Sourcing's event
 * store, Sharding's shards). One network (subnet group, the databases' group, the client function's
 * group, a Secrets Manager endpoint of its own) serves one or more clusters; each cluster keeps its
 * master password in Secrets Manager (managed by RDS), encrypted, with no public address.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { invokeOptions } from "./function-settings";
import { awsName } from "./naming";

import { POSTGRES_PORT } from "./postgres-network";

export { POSTGRES_PORT };

/** The private network the databases and their client function share: the args Event Sourcing documents (EventSourcingAwsPostgresArgs). */
export interface AwsPostgresNetworkArgs {
    readonly vpcId: pulumi.Input<string>;
    readonly subnetIds: pulumi.Input<string>[];
    /** @default true: an interface endpoint of the function's own */
    readonly secretsManagerEndpoint?: boolean;
}

/** How the client function (in the VPC, without internet) reaches the databases and their passwords. */
export interface AwsPostgresClientNetwork {
    readonly securityGroup: aws.ec2.SecurityGroup;
    readonly toDatabase: aws.vpc.SecurityGroupEgressRule;
    /** HTTPS to the endpoint's group, or to anywhere with `secretsManagerEndpoint: false` (NAT or an existing endpoint). */
    readonly toSecretsManager: aws.vpc.SecurityGroupEgressRule;
    /** With `secretsManagerEndpoint` (the default): an interface endpoint only the function uses. */
    readonly secretsEndpoint?: AwsSecretsEndpoint;
}

export interface AwsSecretsEndpoint {
    readonly endpoint: aws.ec2.VpcEndpoint;
    readonly securityGroup: aws.ec2.SecurityGroup;
    readonly ingress: aws.vpc.SecurityGroupIngressRule;
    /** `https://<endpoint DNS name>`: the function's SDK is pointed at it (private DNS stays off). */
    readonly url: pulumi.Output<string>;
}

/** The databases' side of the network: their subnet group and the group that admits the client function. */
export interface AwsPostgresNetwork {
    readonly subnetGroup: aws.rds.SubnetGroup;
    /** The databases' group: 5432 from the client function's group, nothing else. */
    readonly securityGroup: aws.ec2.SecurityGroup;
    readonly databaseIngress: aws.vpc.SecurityGroupIngressRule;
    /** The client function's group: the same subnets, reaching only the databases (and Secrets Manager, once {@link createAwsPostgresSecretsAccess} opens it). */
    readonly clientGroup: aws.ec2.SecurityGroup;
    readonly toDatabase: aws.vpc.SecurityGroupEgressRule;
}

/** Who uses the network, in the words the security groups' descriptions carry (a description change replaces a group). */
export interface AwsPostgresNetworkNames {
    /** The component the databases belong to, e.g. `event store accounts`. */
    readonly owner: string;
    /** The client function's role: names its children (`${name}-<client>-network`, `-db-from-<client>`) and descriptions. */
    readonly client: string;
    /** How the descriptions call what the function reaches: `database`, `databases`. */
    readonly databases: string;
}

/**
 * The subnet group, the databases' and the client function's security groups and the rules between
 * them. Children: `${name}-db-subnets`, `-db-access`, `-<client>-network`, `-db-from-<client>`, `-<client>-to-db`.
 */
export function createAwsPostgresNetwork(
    name: string,
    names: AwsPostgresNetworkNames,
    network: AwsPostgresNetworkArgs,
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>,
    opts: pulumi.CustomResourceOptions,
): AwsPostgresNetwork {
    const { owner, client, databases } = names;
    const Client = client.charAt(0).toUpperCase() + client.slice(1);
    const subnetGroup = new aws.rds.SubnetGroup(
        `${name}-db-subnets`,
        { name: awsName(`${name}-db-subnets`).toLowerCase(), subnetIds: network.subnetIds, tags },
        opts,
    );
    // Rules are resources of their own (never inline), so the two groups can name each other.
    const securityGroup = new aws.ec2.SecurityGroup(
        `${name}-db-access`,
        { vpcId: network.vpcId, description: `PostgreSQL of ${owner}: 5432 from its ${client} function only`, tags },
        opts,
    );
    const functionGroup = new aws.ec2.SecurityGroup(
        `${name}-${client}-network`,
        { vpcId: network.vpcId, description: `${Client} function of ${owner}: out to its ${databases} and Secrets Manager only`, tags },
        opts,
    );
    const port = { ipProtocol: "tcp", fromPort: POSTGRES_PORT, toPort: POSTGRES_PORT, tags };
    const databaseIngress = new aws.vpc.SecurityGroupIngressRule(
        `${name}-db-from-${client}`,
        {
            securityGroupId: securityGroup.id,
            referencedSecurityGroupId: functionGroup.id,
            ...port,
            description: `PostgreSQL from the ${client} function`,
        },
        opts,
    );
    const toDatabase = new aws.vpc.SecurityGroupEgressRule(
        `${name}-${client}-to-db`,
        { securityGroupId: functionGroup.id, referencedSecurityGroupId: securityGroup.id, ...port, description: "PostgreSQL" },
        opts,
    );
    return { subnetGroup, securityGroup, databaseIngress, clientGroup: functionGroup, toDatabase };
}

/**
 * How the client function reads the databases' passwords: by default a Secrets Manager endpoint of
 * its own whose policy lets it read `secretArns` only, else HTTPS out to anywhere (a NAT gateway or
 * an existing endpoint). Children: `${name}-<client>-to-secrets`, and `-secrets-endpoint`, `-secrets-from-<client>`, `-secrets`.
 */
export function createAwsPostgresSecretsAccess(
    name: string,
    names: AwsPostgresNetworkNames,
    network: AwsPostgresNetworkArgs,
    { clientGroup, toDatabase }: AwsPostgresNetwork,
    secretArns: pulumi.Input<string>[],
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>,
    opts: pulumi.CustomResourceOptions,
): AwsPostgresClientNetwork {
    const secretsEndpoint =
        network.secretsManagerEndpoint === false
            ? undefined
            : awsSecretsEndpoint(name, names, network, clientGroup, secretArns, tags, opts);
    const toSecretsManager = new aws.vpc.SecurityGroupEgressRule(
        `${name}-${names.client}-to-secrets`,
        {
            securityGroupId: clientGroup.id,
            ...(secretsEndpoint ? { referencedSecurityGroupId: secretsEndpoint.securityGroup.id } : { cidrIpv4: "0.0.0.0/0" }),
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            description: "HTTPS to Secrets Manager",
            tags,
        },
        opts,
    );
    return { securityGroup: clientGroup, toDatabase, toSecretsManager, secretsEndpoint };
}

/** One Aurora Serverless v2 cluster and its one instance. */
export interface AwsPostgresCluster {
    readonly cluster: aws.rds.Cluster;
    readonly instance: aws.rds.ClusterInstance;
    /** The ARN of the master password's secret (managed by RDS). */
    readonly secretArn: pulumi.Output<string>;
}

export interface AwsPostgresClusterArgs {
    readonly databaseName: string;
    readonly masterUsername: string;
    readonly subnetGroup: aws.rds.SubnetGroup;
    readonly securityGroup: aws.ec2.SecurityGroup;
    /** Days of automated backups (1-35). */
    readonly backupRetentionDays: number;
    /**
     * Name the instance (63 characters at most) rather than let the provider append 8 to its logical
     * name, which a long logical name (a shard's) takes past the limit.
     * @default false: auto-named, as Event Sourcing's instance always was (naming it now would replace it)
     */
    readonly nameInstance?: boolean;
    readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The ARN of the cluster's master password secret, which RDS manages. */
export function masterSecretArn(cluster: aws.rds.Cluster): pulumi.Output<string> {
    return cluster.masterUserSecrets.apply((s) => s[0].secretArn);
}

/**
 * Aurora PostgreSQL 16 Serverless v2 (0-4 ACU, auto-pause after 15 idle minutes), encrypted, with an
 * RDS-managed master password, deletion protection and a final snapshot. Children: `${name}` and `${name}-instance`.
 */
export function createAwsPostgresCluster(
    name: string,
    args: AwsPostgresClusterArgs,
    opts: pulumi.CustomResourceOptions,
): AwsPostgresCluster {
    const { tags } = args;
    const cluster = new aws.rds.Cluster(
        name,
        {
            clusterIdentifier: awsName(name, 63).toLowerCase(),
            engine: "aurora-postgresql",
            engineMode: "provisioned",
            engineVersion: "16.6",
            databaseName: args.databaseName,
            masterUsername: args.masterUsername,
            manageMasterUserPassword: true,
            storageEncrypted: true,
            dbSubnetGroupName: args.subnetGroup.name,
            vpcSecurityGroupIds: [args.securityGroup.id],
            backupRetentionPeriod: args.backupRetentionDays,
            deletionProtection: true,
            copyTagsToSnapshot: true,
            finalSnapshotIdentifier: awsName(`${name}-final`, 63).toLowerCase(),
            // Scales to zero when idle (Aurora Serverless v2 auto-pause).
            serverlessv2ScalingConfiguration: { minCapacity: 0, maxCapacity: 4, secondsUntilAutoPause: 900 },
            tags,
        },
        opts,
    );
    const instance = new aws.rds.ClusterInstance(
        `${name}-instance`,
        {
            ...(args.nameInstance && { identifier: awsName(`${name}-instance`, 63).toLowerCase() }),
            clusterIdentifier: cluster.id,
            instanceClass: "db.serverless",
            engine: "aurora-postgresql",
            engineVersion: cluster.engineVersion,
            publiclyAccessible: false,
            tags,
        },
        opts,
    );
    return { cluster, instance, secretArn: masterSecretArn(cluster) };
}

/**
 * The environment a Lambda function in the network needs to reach Aurora: the Amazon RDS CA (since
 * Node.js 20 Lambda trusts the Amazon CAs only when this variable names the runtime's bundle), and
 * the SDK's service-specific endpoint variable, so the secret is read through the function's own endpoint.
 */
export function awsPostgresClientEnvironment(network: AwsPostgresClientNetwork): Record<string, pulumi.Input<string>> {
    return {
        NODE_EXTRA_CA_CERTS: "/var/runtime/ca-cert.pem",
        ...(network.secretsEndpoint && { AWS_ENDPOINT_URL_SECRETS_MANAGER: network.secretsEndpoint.url }),
    };
}

/**
 * A Secrets Manager interface endpoint for the client function alone: private DNS off (the VPC's
 * other workloads and any endpoint they use are untouched; the function is pointed at this one),
 * HTTPS from the function's group only, and a policy that lets it read nothing but `secretArns`.
 */
function awsSecretsEndpoint(
    name: string,
    { owner, client }: AwsPostgresNetworkNames,
    network: AwsPostgresNetworkArgs,
    functionGroup: aws.ec2.SecurityGroup,
    secretArns: pulumi.Input<string>[],
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>,
    opts: pulumi.CustomResourceOptions,
): AwsSecretsEndpoint {
    const region = aws.getRegionOutput({}, invokeOptions(opts)).region;
    const securityGroup = new aws.ec2.SecurityGroup(
        `${name}-secrets-endpoint`,
        { vpcId: network.vpcId, description: `Secrets Manager endpoint of ${owner}: HTTPS from its ${client} function only`, tags },
        opts,
    );
    const ingress = new aws.vpc.SecurityGroupIngressRule(
        `${name}-secrets-from-${client}`,
        {
            securityGroupId: securityGroup.id,
            referencedSecurityGroupId: functionGroup.id,
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            description: `HTTPS from the ${client} function`,
            tags,
        },
        opts,
    );
    const endpoint = new aws.ec2.VpcEndpoint(
        `${name}-secrets`,
        {
            vpcId: network.vpcId,
            serviceName: pulumi.interpolate`com.amazonaws.${region}.secretsmanager`,
            vpcEndpointType: "Interface",
            privateDnsEnabled: false,
            subnetIds: network.subnetIds,
            securityGroupIds: [securityGroup.id],
            policy: pulumi.all(secretArns).apply((arns) =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: "*", Action: ["secretsmanager:GetSecretValue"], Resource: arns }],
                }),
            ),
            tags,
        },
        opts,
    );
    const url = endpoint.dnsEntries.apply((entries) => {
        // The first entry is the regional name; the others are per availability zone.
        if (!entries?.[0]?.dnsName) throw new Error(`the Secrets Manager endpoint of ${owner} has no DNS name`);
        return `https://${entries[0].dnsName}`;
    });
    return { endpoint, securityGroup, ingress, url };
}
