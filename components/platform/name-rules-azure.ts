/** Azure physical name rules, per resource type this package creates (see name-rules.ts). */
import { GUID, NameRuleTable, PhysicalNameRule } from "./name-rules";

/** Microsoft's table of resource name rules, by resource provider. */
const RULES = "https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules";
/** Letters, digits and hyphens, starting and ending with a letter or digit. */
const ALNUM_HYPHENS = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const LOWER_ALNUM_HYPHENS = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
/** APIM entity ids refuse these characters. */
const APIM_ID = /^[^*#&+:<>?]+$/;
/** Cosmos DB database and container ids: no / \ # ? and no trailing space. */
const COSMOS_ID = /^[^/\\#?]*[^/\\#? ]$/;
/** A PostgreSQL identifier as this package writes them (unquoted): a letter or _ first. */
const POSTGRES_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$-]*$/;
const POSTGRES_NAMES = "https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS";

const named = (
    field: string,
    length: readonly [number, number],
    pattern: RegExp,
    rule: string,
    source: string,
    autoName?: PhysicalNameRule["autoName"],
): PhysicalNameRule[] => [{ field, length, pattern, rule, source, ...(autoName && { autoName }) }];

export const AZURE_NAME_RULES: NameRuleTable = {
    // Sharding's per-region providers: client configuration in the Pulumi state, nothing created in the cloud.
    "pulumi:providers:azure-native": "a provider (client configuration in the state), not a cloud resource",
    "azure-native:resources:ResourceGroup": named(
        "resourceGroupName",
        [1, 90],
        /^[-\w.()]*[-\w()]$/,
        "letters, digits and -_.(), not ending with a period",
        `${RULES}#microsoftresources`,
        "append8",
    ),
    "azure-native:storage:StorageAccount": named(
        "accountName",
        [3, 24],
        /^[a-z0-9]+$/,
        "lowercase letters and digits",
        `${RULES}#microsoftstorage`,
    ),
    "azure-native:storage:BlobContainer": named(
        "containerName",
        [3, 63],
        /^[a-z0-9](?!.*--)[a-z0-9-]*[a-z0-9]$/,
        "lowercase letters, digits and single hyphens, starting and ending with a letter or digit",
        `${RULES}#microsoftstorage`,
    ),
    "azure-native:storage:Blob": named(
        "blobName",
        [1, 1024],
        /^[^\\]+$/,
        "any characters but a backslash",
        "https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata#blob-names",
    ),
    "azure-native:web:AppServicePlan": named("name", [1, 60], /^[A-Za-z0-9-]+$/, "letters, digits and hyphens", `${RULES}#microsoftweb`),
    "azure-native:web:WebApp": named(
        "name",
        [2, 60],
        ALNUM_HYPHENS,
        "letters, digits and hyphens, starting and ending with a letter or digit",
        `${RULES}#microsoftweb`,
    ),
    "azure-native:operationalinsights:Workspace": named(
        "workspaceName",
        [4, 63],
        ALNUM_HYPHENS,
        "letters, digits and hyphens, starting and ending with a letter or digit",
        `${RULES}#microsoftoperationalinsights`,
    ),
    "azure-native:search:Service": named(
        "searchServiceName",
        [2, 60],
        /^(?!.*--)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
        "lower case letters, digits and single hyphens, starting and ending with a letter or digit",
        `${RULES}#microsoftsearch`,
    ),
    "azure-native:monitor:MetricAlert": named(
        "ruleName",
        [1, 260],
        /^[^*#&+:<>?@%{}\\/\p{Cc}]*[^*#&+:<>?@%{}\\/\p{Cc}. ]$/u,
        "no *#&+:<>?@%{}\\/ or control characters, not ending with a space or period",
        `${RULES}#microsoftinsights`,
        "append8",
    ),
    "azure-native:applicationinsights:Component": named(
        "resourceName",
        [1, 260],
        /^[^%&\\?/\p{Cc}]*[^%&\\?/\p{Cc}. ]$/u,
        "no %&\\?/ or control characters, not ending with a space or period",
        `${RULES}#microsoftinsights`,
        "append8",
    ),
    "azure-native:managedidentity:UserAssignedIdentity": named(
        "resourceName",
        [3, 128],
        /^[A-Za-z0-9][A-Za-z0-9_-]*$/,
        "letters, digits, hyphens and underscores, starting with a letter or digit",
        `${RULES}#microsoftmanagedidentity`,
    ),
    "azure-native:authorization:RoleAssignment": named(
        "roleAssignmentName",
        [36, 36],
        GUID,
        "a GUID",
        `${RULES}#microsoftauthorization`,
        "uuid",
    ),
    "azure-native:apimanagement:ApiManagementService": named(
        "serviceName",
        [1, 50],
        /^[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
        "letters, digits and hyphens, starting with a letter and ending with a letter or digit",
        `${RULES}#microsoftapimanagement`,
    ),
    "azure-native:apimanagement:Api": named("apiId", [1, 80], APIM_ID, "without *#&+:<>?", `${RULES}#microsoftapimanagement`),
    "azure-native:apimanagement:ApiOperation": named(
        "operationId",
        [1, 80],
        APIM_ID,
        "without *#&+:<>?",
        `${RULES}#microsoftapimanagement`,
    ),
    "azure-native:apimanagement:Subscription": named("sid", [1, 256], APIM_ID, "without *#&+:<>?", `${RULES}#microsoftapimanagement`),
    "azure-native:apimanagement:NamedValue": named(
        "namedValueId",
        [1, 256],
        APIM_ID,
        "without *#&+:<>?",
        `${RULES}#microsoftapimanagement`,
    ),
    "azure-native:apimanagement:ApiPolicy": named(
        "policyId",
        [6, 6],
        /^policy$/,
        "'policy' (an API has one policy)",
        "https://learn.microsoft.com/rest/api/apimanagement/api-policy/create-or-update",
    ),
    "azure-native:servicebus:Namespace": named(
        "namespaceName",
        [6, 50],
        /^[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9](?<!-sb)(?<!-mgmt)$/,
        "letters, digits and hyphens, starting with a letter, ending with a letter or digit, not ending with -sb or -mgmt",
        `${RULES}#microsoftservicebus`,
    ),
    "azure-native:servicebus:Queue": named(
        "queueName",
        [1, 260],
        /^[A-Za-z0-9](?:[\w.\-/~]*[A-Za-z0-9_])?$/,
        "letters, digits and ._-/~, starting with a letter or digit, ending with a letter, digit or underscore",
        `${RULES}#microsoftservicebus`,
    ),
    "azure-native:cosmosdb:DatabaseAccount": named(
        "accountName",
        [3, 44],
        LOWER_ALNUM_HYPHENS,
        "lowercase letters, digits and hyphens, starting and ending with a letter or digit",
        `${RULES}#microsoftdocumentdb`,
    ),
    "azure-native:cosmosdb:SqlResourceSqlDatabase": named(
        "databaseName",
        [1, 255],
        COSMOS_ID,
        "without / \\ # ? or a trailing space",
        "https://learn.microsoft.com/azure/cosmos-db/concepts-limits#per-item-limits",
    ),
    "azure-native:cosmosdb:SqlResourceSqlContainer": named(
        "containerName",
        [1, 255],
        COSMOS_ID,
        "without / \\ # ? or a trailing space",
        "https://learn.microsoft.com/azure/cosmos-db/concepts-limits#per-item-limits",
    ),
    "azure-native:cosmosdb:SqlResourceSqlRoleAssignment": named(
        "roleAssignmentId",
        [36, 36],
        GUID,
        "a GUID",
        "https://learn.microsoft.com/rest/api/cosmos-db-resource-provider/sql-resources/create-update-sql-role-assignment",
    ),
    "azure-native:eventgrid:Topic": named(
        "topicName",
        [3, 50],
        /^[A-Za-z0-9-]+$/,
        "letters, digits and hyphens",
        `${RULES}#microsofteventgrid`,
    ),
    "azure-native:eventgrid:EventSubscription": named(
        "eventSubscriptionName",
        [3, 64],
        /^[A-Za-z0-9-]+$/,
        "letters, digits and hyphens",
        `${RULES}#microsofteventgrid`,
    ),
    "azure-native:keyvault:Vault": named(
        "vaultName",
        [3, 24],
        /^[A-Za-z](?!.*--)[A-Za-z0-9-]*[A-Za-z0-9]$/,
        "letters, digits and single hyphens, starting with a letter and ending with a letter or digit",
        `${RULES}#microsoftkeyvault`,
    ),
    "azure-native:keyvault:Secret": named(
        "secretName",
        [1, 127],
        /^[A-Za-z0-9-]+$/,
        "letters, digits and hyphens",
        `${RULES}#microsoftkeyvault`,
    ),
    "azure-native:dbforpostgresql:Server": named(
        "serverName",
        [3, 63],
        LOWER_ALNUM_HYPHENS,
        "lowercase letters, digits and hyphens, starting and ending with a letter or digit",
        `${RULES}#microsoftdbforpostgresql`,
    ),
    "azure-native:dbforpostgresql:Database": named("databaseName", [1, 63], POSTGRES_IDENTIFIER, "a PostgreSQL identifier", POSTGRES_NAMES),
    // The administrator is named by the principal's object id (Azure's); the role it signs in as is a PostgreSQL role name.
    "azure-native:dbforpostgresql:Administrator": named(
        "principalName",
        [1, 63],
        POSTGRES_IDENTIFIER,
        "a PostgreSQL role name",
        POSTGRES_NAMES,
    ),
    "azure-native:app:ContainerApp": [
        {
            field: "containerAppName",
            length: [2, 32],
            pattern: /^[a-z][a-z0-9-]*[a-z0-9]$/,
            rule: "lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit",
            source: "https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftapp",
            autoName: "append8",
        },
    ],
    "azure-native:app:ManagedEnvironment": [
        {
            field: "environmentName",
            length: [2, 60],
            pattern: /^[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]$/,
            rule: "letters, digits and hyphens, starting with a letter and ending with a letter or digit",
            source: "https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftapp",
            autoName: "append8",
        },
    ],
};
