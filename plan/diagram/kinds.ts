/**
 * Which resource types carry data, and so are drawn as nodes of the architecture diagram; every
 * other resource (IAM, policies, role assignments, log groups, deployment storage, config) is
 * folded into the node it serves. A type's role in the data path is the same in every pattern,
 * so this is a table of types, not of patterns.
 */

export type NodeKind = "front door" | "function" | "container" | "queue" | "topic" | "stream" | "store" | "search" | "analytics";

const NODE_KINDS: Readonly<Record<string, NodeKind>> = {
    "aws:apigatewayv2/api:Api": "front door",
    "aws:apigateway/restApi:RestApi": "front door",
    "aws:lambda/functionUrl:FunctionUrl": "front door",
    "aws:lb/loadBalancer:LoadBalancer": "front door",
    "aws:lambda/function:Function": "function",
    "aws:ecs/service:Service": "container",
    "kubernetes:apps/v1:Deployment": "container",
    "kubernetes:core/v1:Service": "front door",
    "aws:sqs/queue:Queue": "queue",
    "aws:sns/topic:Topic": "topic",
    "aws:cloudwatch/eventBus:EventBus": "topic",
    "aws:kinesis/stream:Stream": "stream",
    "aws:pipes/pipe:Pipe": "stream",
    "aws:dynamodb/table:Table": "store",
    "aws:rds/cluster:Cluster": "store",
    "aws:opensearch/domain:Domain": "search",
    "aws:opensearch/serverlessCollection:ServerlessCollection": "search",
    "azure-native:apimanagement:ApiManagementService": "front door",
    "azure-native:web:WebApp": "function",
    "azure-native:app:ContainerApp": "container",
    "azure-native:servicebus:Queue": "queue",
    "azure-native:servicebus:Topic": "topic",
    "azure-native:eventgrid:Topic": "topic",
    "azure-native:eventhub:EventHub": "stream",
    "azure-native:cosmosdb:DatabaseAccount": "store",
    "azure-native:dbforpostgresql:Server": "store",
    "azure-native:search:Service": "search",
    "gcp:apigateway/gateway:Gateway": "front door",
    "gcp:cloudfunctionsv2/function:Function": "function",
    "gcp:cloudrunv2/service:Service": "container",
    "gcp:cloudtasks/queue:Queue": "queue",
    "gcp:pubsub/topic:Topic": "topic",
    "gcp:firestore/database:Database": "store",
    "gcp:sql/databaseInstance:DatabaseInstance": "store",
    "gcp:bigquery/dataset:Dataset": "analytics",
};

/**
 * Identities: a grant that names one (a role policy on the role, an IAM member for the service
 * account) serves whatever runs as it.
 */
const IDENTITIES: ReadonlySet<string> = new Set([
    "aws:iam/role:Role",
    "gcp:serviceaccount/account:Account",
    "azure-native:managedidentity:UserAssignedIdentity",
]);

/** Containers every resource of a pattern names (resource groups): they belong to the pattern, not to a node. */
const SCOPES: ReadonlySet<string> = new Set(["azure-native:resources:ResourceGroup", "gcp:projects/service:Service"]);

export function nodeKind(type: string): NodeKind | undefined {
    return NODE_KINDS[type];
}

export const isIdentity = (type: string) => IDENTITIES.has(type);
export const isScope = (type: string) => SCOPES.has(type);
