/**
 * What a mocked cloud answers for a resource: its inputs plus the attributes the real
 * provider would compute (ARNs, URLs, host names), so outputs and wiring can be checked.
 */
type State = Record<string, unknown>;
type Computed = (name: string, inputs: State, id: string) => State;

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const PROJECT = "mock-project";

const awsArn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;

const computedByType: Record<string, Computed> = {
    "aws:iam/role:Role": (n, i) => ({ arn: `arn:aws:iam::${ACCOUNT}:role/${i.name ?? n}` }),
    "aws:lambda/functionUrl:FunctionUrl": (n, i) => ({
        functionUrl: `https://${String(i.functionName ?? n)}.lambda-url.${REGION}.on.aws/`,
    }),
    "aws:lambda/function:Function": (n, i) => {
        const arn = awsArn("lambda", `function:${i.name ?? n}`);
        return {
            arn,
            invokeArn: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${arn}/invocations`,
            qualifiedArn: `${arn}:$LATEST`,
        };
    },
    "aws:cloudwatch/logGroup:LogGroup": (n, i) => ({ arn: awsArn("logs", `log-group:${i.name ?? n}`) }),
    "aws:apigatewayv2/api:Api": (_n, _i, id) => ({
        apiEndpoint: `https://${id}.execute-api.${REGION}.amazonaws.com`,
        executionArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${id}`,
    }),
    "aws:apigatewayv2/stage:Stage": (_n, i) => ({ invokeUrl: `https://${String(i.apiId)}.execute-api.${REGION}.amazonaws.com/` }),
    "aws:sqs/queue:Queue": (n, i) => ({
        arn: awsArn("sqs", String(i.name ?? n)),
        url: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${i.name ?? n}`,
    }),
    "aws:dynamodb/table:Table": (n, i) => {
        const arn = awsArn("dynamodb", `table/${i.name ?? n}`);
        return { arn, streamArn: i.streamEnabled ? `${arn}/stream/2024-01-01T00:00:00.000` : undefined };
    },
    // The provider completes a bucketPrefix with a 26-character unique id.
    "aws:s3/bucket:Bucket": (n, i) => {
        const bucket = String(i.bucket ?? (i.bucketPrefix ? `${i.bucketPrefix}20260101000000000000000001` : n));
        return { bucket, arn: `arn:aws:s3:::${bucket}` };
    },
    "aws:secretsmanager/secret:Secret": (n, i) => ({ arn: awsArn("secretsmanager", `secret:${i.name ?? n}`) }),
    "aws:rds/cluster:Cluster": (n, i) => ({
        endpoint: `${i.clusterIdentifier ?? n}.cluster-mock.${REGION}.rds.amazonaws.com`,
        masterUserSecrets: i.manageMasterUserPassword
            ? [{ secretArn: awsArn("secretsmanager", `secret:rds!cluster-${n}`), secretStatus: "active" }]
            : [],
    }),
    "aws:cloudwatch/eventBus:EventBus": (n, i) => ({ arn: awsArn("events", `event-bus/${i.name ?? n}`) }),
    "aws:cloudwatch/eventRule:EventRule": (n, i) => ({ arn: awsArn("events", `rule/${i.name ?? n}`) }),
    "aws:opensearch/domain:Domain": (n, i) => ({
        arn: awsArn("es", `domain/${i.domainName ?? n}`),
        endpoint: `search-${i.domainName ?? n}-mock.${REGION}.es.amazonaws.com`,
    }),
    "aws:opensearch/serverlessCollection:ServerlessCollection": (n, i, id) => ({
        arn: awsArn("aoss", `collection/${id}`),
        collectionEndpoint: `https://${id}.${REGION}.aoss.amazonaws.com`,
        name: i.name ?? n,
    }),
    "aws:lb/loadBalancer:LoadBalancer": (n, i) => ({
        dnsName: `${i.internal ? "internal-" : ""}${i.name ?? n}-1234567890.${REGION}.elb.amazonaws.com`,
    }),
    // The regional DNS name first, as the real endpoint lists it (`com.amazonaws.<region>.<service>`).
    "aws:ec2/vpcEndpoint:VpcEndpoint": (n, i) => ({
        dnsEntries: [
            { dnsName: `vpce-mock-${n}.${String(i.serviceName).split(".").pop()}.${REGION}.vpce.amazonaws.com`, hostedZoneId: "ZMOCK" },
        ],
    }),
    "azure-native:web:WebApp": (n, i) => ({
        defaultHostName: `${i.name ?? n}.azurewebsites.net`,
        identity: { type: "SystemAssigned", principalId: `${n}-principal`, tenantId: "mock-tenant" },
    }),
    "azure-native:storage:StorageAccount": (n, i) => ({
        name: i.accountName ?? n,
        primaryEndpoints: { blob: `https://${i.accountName ?? n}.blob.core.windows.net/` },
    }),
    "azure-native:storage:BlobContainer": (n, i) => ({ name: i.containerName ?? n }),
    "azure-native:applicationinsights:Component": (n) => ({
        connectionString: `InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://mock.in.applicationinsights.azure.com/;ApplicationId=${n}`,
    }),
    "azure-native:apimanagement:ApiManagementService": (n, i) => ({
        name: i.serviceName ?? n,
        gatewayUrl: `https://${i.serviceName ?? n}.azure-api.net`,
    }),
    "azure-native:apimanagement:Api": (n, i) => ({ name: i.apiId ?? n }),
    "azure-native:apimanagement:NamedValue": (n, i) => ({ name: i.namedValueId ?? n }),
    "azure-native:apimanagement:Subscription": (n, i) => ({ name: i.sid ?? n }),
    "azure-native:keyvault:Vault": (n, i) => ({
        properties: { ...(i.properties as State), vaultUri: `https://${i.vaultName ?? n}.vault.azure.net/` },
    }),
    "azure-native:cosmosdb:DatabaseAccount": (n, i) => ({ documentEndpoint: `https://${i.accountName ?? n}.documents.azure.com:443/` }),
    "azure-native:servicebus:Queue": (n, i) => ({ name: i.queueName ?? n }),
    // A system identity's principal is the service's output (AI Search's indexer reads Cosmos DB as it).
    "azure-native:search:Service": (n, i) => ({
        name: i.searchServiceName ?? n,
        identity: { type: "SystemAssigned", principalId: `${n}-principal`, tenantId: "mock-tenant" },
    }),
    "azure-native:eventgrid:Topic": (n, i) => ({
        endpoint: `https://${i.topicName ?? n}.${i.location ?? "westeurope"}-1.eventgrid.azure.net/api/events`,
    }),
    "azure-native:servicebus:Namespace": (n, i) => ({
        name: i.namespaceName ?? n,
        serviceBusEndpoint: `https://${i.namespaceName ?? n}.servicebus.windows.net:443/`,
    }),
    "gcp:serviceaccount/account:Account": (n, i) => ({
        name: `projects/${PROJECT}/serviceAccounts/${i.accountId ?? n}@${PROJECT}.iam.gserviceaccount.com`,
        email: `${i.accountId ?? n}@${PROJECT}.iam.gserviceaccount.com`,
        member: `serviceAccount:${i.accountId ?? n}@${PROJECT}.iam.gserviceaccount.com`,
    }),
    "gcp:cloudfunctionsv2/function:Function": (n, i) => ({
        url: `https://${REGION}-${PROJECT}.cloudfunctions.net/${i.name ?? n}`,
        serviceConfig: {
            ...(i.serviceConfig as State),
            uri: `https://${i.name ?? n}-mock.a.run.app`,
            service: `projects/${PROJECT}/locations/${i.location}/services/${i.name ?? n}`,
        },
    }),
    "azure-native:managedidentity:UserAssignedIdentity": (n) => ({ principalId: `${n}-principal`, clientId: `${n}-client` }),
    "azure-native:operationalinsights:Workspace": (n) => ({ customerId: `${n}-customer-id` }),
    "azure-native:app:ContainerApp": (n, i) => {
        const configuration = i.configuration as { ingress?: State } | undefined;
        const fqdn = `${i.containerAppName ?? n}.mock-env.${i.location ?? "westeurope"}.azurecontainerapps.io`;
        return {
            name: i.containerAppName ?? n,
            configuration: configuration?.ingress ? { ...configuration, ingress: { ...configuration.ingress, fqdn } } : configuration,
        };
    },
    "gcp:cloudrunv2/service:Service": (n, i) => ({ uri: `https://${i.name ?? n}-mock.a.run.app` }),
    "gcp:apigateway/gateway:Gateway": (n) => ({ defaultHostname: `${n}-mock.uc.gateway.dev` }),
    "gcp:apigateway/api:Api": (n, i) => ({ managedService: `${i.apiId ?? n}-mock.apigateway.${PROJECT}.cloud.goog` }),
    "gcp:projects/apiKey:ApiKey": (n) => ({ keyString: `mock-api-key-${n}` }),
    "gcp:secretmanager/secret:Secret": (n, i) => ({ name: `projects/${PROJECT}/secrets/${i.secretId ?? n}` }),
    "gcp:storage/bucket:Bucket": (n, i) => ({ url: `gs://${i.name ?? n}` }),
    "gcp:sql/databaseInstance:DatabaseInstance": (n, i) => ({
        privateIpAddress: "10.20.0.3",
        connectionName: `${PROJECT}:${i.region}:${i.name ?? n}`,
        serverCaCerts: [{ cert: `-----BEGIN CERTIFICATE-----\nmock CA of ${i.name ?? n}\n-----END CERTIFICATE-----\n` }],
    }),
    "gcp:pubsub/topic:Topic": (n, i) => ({ id: `projects/${PROJECT}/topics/${i.name ?? n}` }),
    "gcp:cloudtasks/queue:Queue": (n, i) => ({ id: `projects/${PROJECT}/locations/${i.location}/queues/${i.name ?? n}` }),
};

/** ARM's own provider and type segments, where a consumer parses the id (a Cqrs `source` reads the topic's group and name from it). */
const ARM_TYPES: Record<string, string> = { "azure-native:eventgrid:Topic": "Microsoft.EventGrid/topics" };

/** Mock id: Azure resources get ARM-shaped ids so role-assignment scopes look real. */
export function mockId(type: string, name: string): string {
    if (ARM_TYPES[type]) return `/subscriptions/${SUBSCRIPTION}/resourceGroups/mock-rg/providers/${ARM_TYPES[type]}/${name}`;
    if (type.startsWith("azure-native:")) {
        const [, module, kind] = type.split(":");
        return `/subscriptions/${SUBSCRIPTION}/resourceGroups/mock-rg/providers/Microsoft.${module}/${kind}/${name}`;
    }
    return `${name}-id`;
}

export function mockState(type: string, name: string, inputs: State, id: string): State {
    const computed = computedByType[type]?.(name, inputs, id) ?? {};
    const defaults: State = type.startsWith("aws:") ? { arn: awsArn(type.split(":")[1].split("/")[0], name) } : {};
    return { name, ...defaults, ...inputs, ...computed };
}

/** Answers to provider functions (invokes) the components call. */
export function mockCall(token: string, inputs: State): State {
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/mock`, userId: "mock" };
        case "aws:index/getRegion:getRegion":
            return { name: REGION, region: REGION, id: REGION };
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com" };
        case "aws:ec2/getVpc:getVpc":
            return { id: "vpc-0default00000000", cidrBlock: "172.31.0.0/16", default: true };
        case "aws:ec2/getSubnets:getSubnets":
            return { ids: ["subnet-0default0000000a", "subnet-0default0000000b"], filters: inputs.filters };
        case "azure-native:operationalinsights:getSharedKeys":
            return { primarySharedKey: "mock-shared-key", secondarySharedKey: "mock-shared-key-2" };
        case "azure-native:authorization:getClientConfig":
            return { subscriptionId: SUBSCRIPTION, tenantId: "mock-tenant", clientId: "mock-client", objectId: "mock-object" };
        case "azure-native:apimanagement:listSubscriptionSecrets":
            return { primaryKey: `mock-subscription-key-${String(inputs.sid)}`, secondaryKey: "mock-secondary-key" };
        case "azure-native:eventgrid:getTopic":
            return {
                ...inputs,
                identity: { type: "SystemAssigned", principalId: `${String(inputs.topicName)}-principal`, tenantId: "mock-tenant" },
            };
        case "azure-native:web:listWebAppHostKeys":
            return { functionKeys: { default: "mock-function-key" }, masterKey: "mock-master-key" };
        case "gcp:organizations/getProject:getProject":
            return { number: "123456789", projectId: PROJECT, name: PROJECT };
        case "gcp:organizations/getClientConfig:getClientConfig":
            return { project: PROJECT, region: REGION, zone: `${REGION}-a` };
        default:
            return inputs;
    }
}
