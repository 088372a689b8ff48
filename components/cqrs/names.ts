/**
 * The physical names CQRS gives its children where the cloud limits them, each checked against the
 * cloud's documented rule when the component is built, so a name the cloud would refuse fails
 * `pulumi preview` naming the rule, not `pulumi up` halfway through.
 */
import { awsName, azureDnsName, gcpResourceId } from "../platform/naming";
import { ArgsValidator } from "../platform/validate";

interface NameRule {
    readonly pattern: RegExp;
    /** The rule in words and where it is documented. */
    readonly rule: string;
}

const RULES = {
    // docs.aws.amazon.com/opensearch-service/latest/developerguide/createupdatedomains.html ("Naming domains").
    openSearchDomain: {
        pattern: /^[a-z][a-z0-9-]{2,27}$/,
        rule: "3-28 lower case letters, digits and hyphens, starting with a letter (OpenSearch domain)",
    },
    // docs.aws.amazon.com/opensearch-service/latest/developerguide/serverless-manage.html: collection and policy names.
    openSearchCollection: {
        pattern: /^[a-z][a-z0-9-]{2,31}$/,
        rule: "3-32 lower case letters, digits and hyphens, starting with a letter (OpenSearch Serverless)",
    },
    // DynamoDB table 3-255 [a-zA-Z0-9_.-]; Lambda and IAM role names use awsName's 64 (developer guides).
    dynamoTable: { pattern: /^[A-Za-z0-9_.-]{3,255}$/, rule: "3-255 letters, digits, '_', '.', '-' (DynamoDB table)" },
    // SQS queue: 1-80 letters, digits, hyphens, underscores (SQS developer guide, quotas).
    sqsQueue: { pattern: /^[A-Za-z0-9_-]{1,80}$/, rule: "1-80 letters, digits, '-', '_' (SQS queue)" },
    // Cosmos DB account 3-44 lower case letters, digits, hyphens; AI Search service 2-60, no leading/trailing or double hyphen
    // (learn.microsoft.com azure-resource-manager/management/resource-name-rules, Microsoft.DocumentDB and Microsoft.Search).
    cosmosAccount: {
        pattern: /^[a-z0-9][a-z0-9-]{1,42}[a-z0-9]$/,
        rule: "3-44 lower case letters, digits and hyphens (Cosmos DB account)",
    },
    searchService: {
        pattern: /^(?!.*--)[a-z0-9][a-z0-9-]{0,58}[a-z0-9]$/,
        rule: "2-60 lower case letters, digits and single hyphens (AI Search service)",
    },
    // Spanner instance id: 2-64, lower case letters, digits, hyphens, starting with a letter, not ending with a hyphen;
    // database id 2-30, also underscores (cloud.google.com/spanner/docs/reference/rest: instances.create, databases.create).
    spannerInstance: {
        pattern: /^[a-z][a-z0-9-]{0,62}[a-z0-9]$/,
        rule: "2-64 lower case letters, digits and hyphens, starting with a letter (Spanner instance)",
    },
    spannerDatabase: {
        pattern: /^[a-z][a-z0-9_-]{0,28}[a-z0-9]$/,
        rule: "2-30 lower case letters, digits, '_' and '-', starting with a letter (Spanner database)",
    },
    // BigQuery dataset: up to 1,024 letters, digits, underscores (cloud.google.com/bigquery/docs/datasets#dataset-naming).
    bigQueryDataset: { pattern: /^[A-Za-z0-9_]{1,1024}$/, rule: "letters, digits and underscores (BigQuery dataset)" },
    // Dataflow job names: lower case letters, digits, hyphens, starting with a letter, at most 63 here (Dataflow docs, "Specify a job name").
    dataflowJob: {
        pattern: /^[a-z][a-z0-9-]{0,62}$/,
        rule: "lower case letters, digits and hyphens, starting with a letter (Dataflow job)",
    },
} as const satisfies Record<string, NameRule>;

export type NameKind = keyof typeof RULES;

/** `name` if it meets the rule of `kind`; else the component's error naming the rule. */
export function checkedName(owner: string, kind: NameKind, name: string): string {
    const { pattern, rule } = RULES[kind];
    if (!pattern.test(name)) new ArgsValidator(owner).fail(`the ${kind} name`, rule, name, "make the component's name shorter or plainer");
    return name;
}

export const cqrsNames = (owner: string, name: string) => ({
    writeTable: () => checkedName(owner, "dynamoTable", awsName(`${name}-writes`, 255)),
    queue: (role: string) => checkedName(owner, "sqsQueue", awsName(`${name}-${role}`, 80)),
    searchDomain: () => checkedName(owner, "openSearchDomain", gcpResourceId(`${name}-search`, 28)),
    searchCollection: () => checkedName(owner, "openSearchCollection", gcpResourceId(`${name}-search`, 32)),
    collectionPolicy: (role: string) => checkedName(owner, "openSearchCollection", gcpResourceId(`${name}-${role}`, 32)),
    cosmosAccount: () => checkedName(owner, "cosmosAccount", gcpResourceId(`${name}-writes`, 44)),
    searchService: () => checkedName(owner, "searchService", azureDnsName(`${name}-search`, 60)),
    spannerInstance: () => checkedName(owner, "spannerInstance", gcpResourceId(`${name}-writes`, 64)),
    spannerDatabase: () => checkedName(owner, "spannerDatabase", gcpResourceId(`${name}-db`, 30)),
    metadataDatabase: () => checkedName(owner, "spannerDatabase", gcpResourceId(`${name}-meta`, 30)),
    dataset: () => checkedName(owner, "bigQueryDataset", gcpResourceId(`${name}-read`, 1024).replace(/-/g, "_")),
    dataflowJob: () => checkedName(owner, "dataflowJob", gcpResourceId(`${name}-changes`, 63)),
});
