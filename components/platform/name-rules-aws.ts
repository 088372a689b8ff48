/** AWS physical name rules, per resource type this package creates (see name-rules.ts). */
import { NameRuleTable, PhysicalNameRule } from "./name-rules";

const API = "https://docs.aws.amazon.com";
/** RDS identifiers: a letter first, letters, digits and single hyphens, no hyphen last. */
const RDS_IDENTIFIER = /^[a-z](?:-?[a-z0-9])*$/;
const rdsIdentifier = (field: string, max: number, source: string, autoName?: "suffix"): PhysicalNameRule => ({
    field,
    length: [1, max],
    pattern: RDS_IDENTIFIER,
    rule: "lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen",
    source,
    ...(autoName && { autoName }),
});

export const AWS_NAME_RULES: NameRuleTable = {
    // Sharding's per-region providers: client configuration in the Pulumi state, nothing created in the cloud.
    "pulumi:providers:aws": "a provider (client configuration in the state), not a cloud resource",
    "aws:lambda/function:Function": [
        {
            field: "name",
            length: [1, 64],
            pattern: /^[A-Za-z0-9_-]+$/,
            rule: "letters, digits, hyphens and underscores",
            source: `${API}/lambda/latest/api/API_CreateFunction.html#lambda-CreateFunction-request-FunctionName`,
        },
    ],
    "aws:lambda/permission:Permission": [
        {
            field: "statementId",
            length: [1, 100],
            pattern: /^[A-Za-z0-9_-]+$/,
            rule: "letters, digits, hyphens and underscores",
            source: `${API}/lambda/latest/api/API_AddPermission.html#lambda-AddPermission-request-StatementId`,
            autoName: "suffix",
        },
    ],
    "aws:lambda/functionUrl:FunctionUrl": "named by its function",
    "aws:lambda/eventSourceMapping:EventSourceMapping": "AWS assigns a UUID",
    "aws:cloudwatch/eventRule:EventRule": [
        {
            field: "name",
            length: [1, 64],
            pattern: /^[.\-_A-Za-z0-9]+$/,
            rule: "letters, digits and ._-",
            source: `${API}/eventbridge/latest/APIReference/API_PutRule.html`,
            autoName: "suffix",
        },
    ],
    // The target id is the provider's own unique id when none is given; the policy is its queue's.
    "aws:cloudwatch/eventTarget:EventTarget": "a target of its rule, with the id the provider makes",
    "aws:sqs/queuePolicy:QueuePolicy": "the policy of its queue, named by it",
    "aws:iam/role:Role": [
        {
            field: "name",
            length: [1, 64],
            pattern: /^[\w+=,.@-]+$/,
            rule: "letters, digits and +=,.@_-",
            source: `${API}/IAM/latest/APIReference/API_CreateRole.html`,
        },
    ],
    "aws:iam/rolePolicy:RolePolicy": [
        {
            field: "name",
            length: [1, 128],
            pattern: /^[\w+=,.@-]+$/,
            rule: "letters, digits and +=,.@_-",
            source: `${API}/IAM/latest/APIReference/API_PutRolePolicy.html`,
            autoName: "suffix",
        },
    ],
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "an attachment of a managed policy, named by it",
    "aws:cloudwatch/logGroup:LogGroup": [
        {
            field: "name",
            length: [1, 512],
            pattern: /^[.\-_/#A-Za-z0-9]+$/,
            rule: "letters, digits and ._-/#",
            source: `${API}/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html`,
            autoName: "suffix",
        },
    ],
    "aws:opensearch/domain:Domain": [
        {
            field: "domainName",
            length: [3, 28],
            pattern: /^[a-z][a-z0-9-]*$/,
            rule: "lower case letters, digits and hyphens, starting with a letter",
            source: `${API}/opensearch-service/latest/developerguide/createupdatedomains.html`,
        },
    ],
    "aws:opensearch/domainPolicy:DomainPolicy": "the access policy of its domain, named by it",
    "aws:opensearch/serverlessCollection:ServerlessCollection": [
        {
            field: "name",
            length: [3, 32],
            pattern: /^[a-z][a-z0-9-]*$/,
            rule: "lower case letters, digits and hyphens, starting with a letter",
            source: `${API}/opensearch-service/latest/developerguide/serverless-manage.html`,
        },
    ],
    "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy": [
        {
            field: "name",
            length: [3, 32],
            pattern: /^[a-z][a-z0-9-]*$/,
            rule: "lower case letters, digits and hyphens, starting with a letter",
            source: `${API}/opensearch-service/latest/developerguide/serverless-manage.html`,
        },
    ],
    "aws:opensearch/serverlessAccessPolicy:ServerlessAccessPolicy": [
        {
            field: "name",
            length: [3, 32],
            pattern: /^[a-z][a-z0-9-]*$/,
            rule: "lower case letters, digits and hyphens, starting with a letter",
            source: `${API}/opensearch-service/latest/developerguide/serverless-manage.html`,
        },
    ],
    "aws:cloudwatch/metricAlarm:MetricAlarm": [
        {
            field: "name",
            length: [1, 255],
            pattern: /^[^\p{Cc}]+$/u,
            rule: "UTF-8 without control characters",
            source: `${API}/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html`,
            autoName: "suffix",
        },
    ],
    "aws:cloudwatch/eventBus:EventBus": [
        {
            field: "name",
            length: [1, 256],
            pattern: /^[/.\-_A-Za-z0-9]+$/,
            rule: "letters, digits and /._-",
            source: `${API}/eventbridge/latest/APIReference/API_CreateEventBus.html`,
        },
    ],
    "aws:pipes/pipe:Pipe": [
        {
            field: "name",
            length: [1, 64],
            pattern: /^[.\-_A-Za-z0-9]+$/,
            rule: "letters, digits and ._-",
            source: `${API}/eventbridge/latest/pipes-reference/API_CreatePipe.html`,
        },
    ],
    "aws:apigatewayv2/api:Api": [
        {
            field: "name",
            length: [1, 128],
            pattern: /^[\x20-\x7e]+$/,
            rule: "printable ASCII",
            source: `${API}/apigatewayv2/latest/api-reference/apis.html`,
            autoName: "suffix",
        },
    ],
    "aws:apigatewayv2/stage:Stage": [
        {
            field: "name",
            length: [1, 128],
            pattern: /^(\$default|[A-Za-z0-9_-]+)$/,
            rule: "$default, or letters, digits, hyphens and underscores",
            source: `${API}/apigatewayv2/latest/api-reference/apis-apiid-stages.html`,
        },
    ],
    "aws:apigatewayv2/integration:Integration": "API Gateway assigns an id",
    "aws:apigatewayv2/route:Route": "named by its route key",
    "aws:apigatewayv2/authorizer:Authorizer": [
        {
            field: "name",
            length: [1, 128],
            pattern: /^\S+$/,
            rule: "no spaces",
            source: `${API}/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html`,
        },
    ],
    "aws:sqs/queue:Queue": [
        {
            field: "name",
            length: [1, 80],
            pattern: /^[A-Za-z0-9_-]+$/,
            rule: "letters, digits, hyphens and underscores",
            source: `${API}/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html`,
        },
    ],
    "aws:dynamodb/table:Table": [
        {
            field: "name",
            length: [3, 255],
            pattern: /^[A-Za-z0-9_.-]+$/,
            rule: "letters, digits and _.-",
            source: `${API}/amazondynamodb/latest/APIReference/API_CreateTable.html`,
        },
    ],
    "aws:s3/bucket:Bucket": [
        {
            field: "bucketPrefix",
            length: [3, 63],
            pattern: /^(?!xn--|sthree-|amzn-s3-demo-)[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
            rule: "lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, not starting with xn--, sthree- or amzn-s3-demo-",
            source: `${API}/AmazonS3/latest/userguide/bucketnamingrules.html`,
            // The provider completes a prefix (at most 37 characters) with a 26-character unique id.
            prefixOf: 26,
        },
    ],
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "a setting of its bucket",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": "a setting of its bucket",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "a setting of its bucket",
    "aws:s3/bucketPolicy:BucketPolicy": "the policy of its bucket, named by it",
    "aws:s3/bucketNotification:BucketNotification": "a setting of its bucket",
    "aws:secretsmanager/secret:Secret": [
        {
            field: "namePrefix",
            length: [1, 512],
            pattern: /^[A-Za-z0-9/_+=.@-]+$/,
            rule: "letters, digits and /_+=.@-",
            source: `${API}/secretsmanager/latest/apireference/API_CreateSecret.html`,
            // The provider completes a prefix with a 26-character unique id.
            prefixOf: 26,
        },
    ],
    "aws:secretsmanager/secretVersion:SecretVersion": "a version of its secret",
    "aws:ec2/securityGroup:SecurityGroup": [
        {
            field: "name",
            length: [1, 255],
            pattern: /^(?!sg-)[\x20-\x7e]+$/,
            rule: "printable ASCII, not starting with sg-",
            source: `${API}/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html`,
            autoName: "suffix",
        },
    ],
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "AWS assigns a rule id",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "AWS assigns a rule id",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "AWS assigns an endpoint id",
    "aws:rds/subnetGroup:SubnetGroup": [
        {
            field: "name",
            length: [1, 255],
            pattern: /^(?!default$)[a-z0-9 ._-]+$/,
            rule: "lowercase letters, digits, spaces and ._-, not 'default'",
            source: `${API}/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html`,
        },
    ],
    "aws:rds/cluster:Cluster": [
        rdsIdentifier("clusterIdentifier", 63, `${API}/AmazonRDS/latest/APIReference/API_CreateDBCluster.html`),
        rdsIdentifier("finalSnapshotIdentifier", 255, `${API}/AmazonRDS/latest/APIReference/API_DeleteDBCluster.html`),
    ],
    "aws:rds/clusterInstance:ClusterInstance": [
        rdsIdentifier("identifier", 63, `${API}/AmazonRDS/latest/APIReference/API_CreateDBInstance.html`, "suffix"),
    ],
    "aws:ecs/cluster:Cluster": [
        {
            field: "name",
            length: [1, 255],
            pattern: /^[A-Za-z0-9_-]+$/,
            rule: "letters, digits, hyphens and underscores",
            source: `${API}/AmazonECS/latest/APIReference/API_CreateCluster.html#ECS-CreateCluster-request-clusterName`,
        },
    ],
    "aws:ecs/service:Service": [
        {
            field: "name",
            length: [1, 255],
            pattern: /^[A-Za-z0-9_-]+$/,
            rule: "letters, digits, hyphens and underscores",
            source: `${API}/AmazonECS/latest/APIReference/API_CreateService.html#ECS-CreateService-request-serviceName`,
        },
    ],
    "aws:ecs/taskDefinition:TaskDefinition": [
        {
            field: "family",
            length: [1, 255],
            pattern: /^[A-Za-z0-9_-]+$/,
            rule: "letters, digits, hyphens and underscores",
            source: `${API}/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html#ECS-RegisterTaskDefinition-request-family`,
        },
    ],
    "aws:lb/loadBalancer:LoadBalancer": [
        {
            field: "name",
            length: [1, 32],
            pattern: /^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
            rule: "letters, digits and hyphens, not starting or ending with a hyphen, not starting with internal-",
            source: `${API}/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html`,
        },
    ],
    "aws:lb/targetGroup:TargetGroup": [
        {
            field: "name",
            length: [1, 32],
            pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
            rule: "letters, digits and hyphens, not starting or ending with a hyphen",
            source: `${API}/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html`,
        },
    ],
    "aws:lb/listener:Listener": "AWS assigns a listener ARN",
    "aws:appautoscaling/target:Target": "named by the ECS service it scales (resourceId)",
    "aws:appautoscaling/policy:Policy": [
        {
            field: "name",
            length: [1, 256],
            pattern: /^\p{L}[\p{L}\p{N}_.:/ -]*$/u,
            rule: "up to 256 characters",
            source: `${API}/autoscaling/application/APIReference/API_PutScalingPolicy.html#autoscaling-PutScalingPolicy-request-PolicyName`,
            autoName: "suffix",
        },
    ],
};
