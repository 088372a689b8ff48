/** GCP physical name rules, per resource type this package creates (see name-rules.ts). */
import { NameRuleTable, PhysicalNameRule } from "./name-rules";

/** Lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen. */
const RESOURCE_ID = /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/;
const RESOURCE_ID_RULE = "lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen";
/** Pub/Sub topic and subscription ids. */
const PUBSUB_ID = /^(?!goog)[A-Za-z][\w.~+%-]*$/;
const POSTGRES_NAMES = "https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS";

const named = (field: string, length: readonly [number, number], pattern: RegExp, rule: string, source: string): PhysicalNameRule[] => [
    { field, length, pattern, rule, source },
];

export const GCP_NAME_RULES: NameRuleTable = {
    // Sharding's per-region providers: client configuration in the Pulumi state, nothing created in the cloud.
    "pulumi:providers:gcp": "a provider (client configuration in the state), not a cloud resource",
    "gcp:projects/service:Service": "an API, named by Google",
    "gcp:monitoring/alertPolicy:AlertPolicy": "named by Cloud Monitoring (projects/<project>/alertPolicies/<id>); displayName is free text",
    "gcp:projects/iAMMember:IAMMember": "a grant, named by its role and member",
    "gcp:serviceaccount/iAMMember:IAMMember": "a grant, named by its role and member",
    "gcp:pubsub/topicIAMMember:TopicIAMMember": "a grant, named by its role and member",
    "gcp:secretmanager/secretIamMember:SecretIamMember": "a grant, named by its role and member",
    "gcp:cloudtasks/queueIamMember:QueueIamMember": "a grant, named by its role and member",
    "gcp:cloudrunv2/serviceIamMember:ServiceIamMember": "a grant, named by its role and member",
    "gcp:secretmanager/secretVersion:SecretVersion": "a version of its secret, numbered by Google",
    "gcp:firestore/field:Field": "a field of the database's documents, named by the code that writes them",
    "gcp:projects/apiKey:ApiKey": named(
        "name",
        // RFC 1034, lowercase, at most 63 (the provider's own description of the key's name).
        [1, 63],
        RESOURCE_ID,
        RESOURCE_ID_RULE,
        "https://cloud.google.com/api-keys/docs/reference/rest/v2/projects.locations.keys/create",
    ),
    "gcp:serviceaccount/account:Account": named(
        "accountId",
        [6, 30],
        RESOURCE_ID,
        RESOURCE_ID_RULE,
        "https://cloud.google.com/iam/docs/reference/rest/v1/projects.serviceAccounts/create",
    ),
    "gcp:cloudfunctionsv2/function:Function": named(
        "name",
        // The function's Cloud Run service takes its name, and Cloud Run service ids are under 50 characters.
        [1, 49],
        RESOURCE_ID,
        RESOURCE_ID_RULE,
        "https://cloud.google.com/run/docs/reference/rest/v2/projects.locations.services/create",
    ),
    "gcp:bigquery/dataset:Dataset": named(
        "datasetId",
        [1, 1024],
        /^[A-Za-z0-9_]+$/,
        "letters, digits and underscores",
        "https://cloud.google.com/bigquery/docs/datasets#dataset-naming",
    ),
    "gcp:bigquery/table:Table": named(
        "tableId",
        [1, 1024],
        /^[\p{L}\p{M}\p{N}\p{Pc}\p{Pd} ]+$/u,
        "letters, marks, digits, connectors, dashes and spaces",
        "https://cloud.google.com/bigquery/docs/tables#table_naming",
    ),
    "gcp:bigquery/datasetIamMember:DatasetIamMember": "a grant, named by its role and member",
    "gcp:dataflow/flexTemplateJob:FlexTemplateJob": named(
        "name",
        [1, 63],
        /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/,
        RESOURCE_ID_RULE,
        "https://cloud.google.com/dataflow/docs/guides/specifying-exec-params#job-name",
    ),
    // Datastream resource ids follow Google's resource id rule (AIP-122, "Resource ID segments": RFC 1034 labels, at most 63);
    // the Datastream API reference states no tighter one for connectionProfileId or streamId.
    "gcp:datastream/connectionProfile:ConnectionProfile": named(
        "connectionProfileId",
        [1, 63],
        RESOURCE_ID,
        RESOURCE_ID_RULE,
        "https://google.aip.dev/122#resource-id-segments",
    ),
    "gcp:datastream/stream:Stream": named(
        "streamId",
        [1, 63],
        RESOURCE_ID,
        RESOURCE_ID_RULE,
        "https://google.aip.dev/122#resource-id-segments",
    ),
    "gcp:spanner/instance:Instance": named(
        "name",
        [2, 64],
        RESOURCE_ID,
        RESOURCE_ID_RULE,
        "https://cloud.google.com/spanner/docs/reference/rest/v1/projects.instances/create",
    ),
    "gcp:spanner/database:Database": named(
        "name",
        [2, 30],
        /^[a-z][a-z0-9_-]*[a-z0-9]$/,
        "lowercase letters, digits, _ and -, starting with a letter and ending with a letter or digit",
        "https://cloud.google.com/spanner/docs/reference/rest/v1/projects.instances.databases/create",
    ),
    "gcp:spanner/databaseIAMMember:DatabaseIAMMember": "a grant, named by its role and member",
    "gcp:storage/bucketIAMMember:BucketIAMMember": "a grant, named by its role and member",
    "gcp:storage/bucket:Bucket": named(
        "name",
        [3, 63],
        /^(?!goog)[a-z0-9][a-z0-9._-]*[a-z0-9]$/,
        "lowercase letters, digits and ._-, starting and ending with a letter or digit, not starting with goog",
        "https://cloud.google.com/storage/docs/buckets#naming",
    ),
    "gcp:storage/bucketObject:BucketObject": named(
        "name",
        [1, 1024],
        /^[^\r\n#[\]*?]+$/,
        "no line breaks or #[]*?",
        "https://cloud.google.com/storage/docs/objects#naming",
    ),
    "gcp:apigateway/api:Api": named(
        "apiId",
        [1, 63],
        /^[a-z0-9][a-z0-9-]*$/,
        "lowercase letters, digits and hyphens, not starting with a hyphen",
        "https://cloud.google.com/api-gateway/docs/creating-api#api_id_requirements",
    ),
    "gcp:apigateway/apiConfig:ApiConfig": [
        {
            field: "apiConfigIdPrefix",
            length: [1, 63],
            pattern: /^[a-z0-9][a-z0-9-]*$/,
            rule: "lowercase letters, digits and hyphens, not starting with a hyphen",
            source: "https://cloud.google.com/api-gateway/docs/creating-api-config#api_config_id_requirements",
            // The provider completes the prefix with a 26-character unique id.
            prefixOf: 26,
        },
    ],
    "gcp:apigateway/gateway:Gateway": named(
        "gatewayId",
        [1, 49],
        /^[a-z0-9][a-z0-9-]*$/,
        "lowercase letters, digits and hyphens, not starting with a hyphen",
        "https://cloud.google.com/api-gateway/docs/deploying-api#gateway_id_requirements",
    ),
    "gcp:pubsub/topic:Topic": named(
        "name",
        [3, 255],
        PUBSUB_ID,
        "letters, digits and _.~+%-, starting with a letter, not with goog",
        "https://cloud.google.com/pubsub/docs/pubsub-basics#resource_names",
    ),
    "gcp:pubsub/subscription:Subscription": named(
        "name",
        [3, 255],
        PUBSUB_ID,
        "letters, digits and _.~+%-, starting with a letter, not with goog",
        "https://cloud.google.com/pubsub/docs/pubsub-basics#resource_names",
    ),
    "gcp:cloudtasks/queue:Queue": named(
        "name",
        [1, 100],
        /^[A-Za-z0-9-]+$/,
        "letters, digits and hyphens",
        "https://cloud.google.com/tasks/docs/reference/rest/v2/projects.locations.queues#Queue",
    ),
    "gcp:firestore/database:Database": named(
        "name",
        [4, 63],
        RESOURCE_ID,
        RESOURCE_ID_RULE,
        "https://cloud.google.com/firestore/docs/manage-databases#database_id",
    ),
    "gcp:secretmanager/secret:Secret": named(
        "secretId",
        [1, 255],
        /^[A-Za-z0-9_-]+$/,
        "letters, digits, hyphens and underscores",
        "https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets/create",
    ),
    "gcp:sql/databaseInstance:DatabaseInstance": named(
        "name",
        // `<project id>:<instance id>` is at most 98 characters, so 67 with a 30-character project id.
        [1, 67],
        RESOURCE_ID,
        RESOURCE_ID_RULE,
        "https://cloud.google.com/sql/docs/postgres/admin-api/rest/v1beta4/instances",
    ),
    "gcp:sql/database:Database": named("name", [1, 63], /^[A-Za-z_][A-Za-z0-9_$]*$/, "a PostgreSQL identifier", POSTGRES_NAMES),
    // `<account id>@<project id>.iam`, a PostgreSQL role name.
    "gcp:sql/user:User": named("name", [1, 63], /^[a-z][a-z0-9-]*@[a-z][a-z0-9-]*\.iam$/, "<account id>@<project id>.iam", POSTGRES_NAMES),
    "gcp:cloudrunv2/service:Service": [
        {
            field: "name",
            length: [1, 49],
            pattern: /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/,
            rule: "lowercase letters, digits and hyphens, starting with a letter, fewer than 50 characters",
            source: "https://cloud.google.com/run/docs/reference/rest/v2/projects.locations.services",
        },
    ],
};
