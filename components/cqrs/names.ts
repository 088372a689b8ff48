/**
 * The physical names CQRS gives its children where the cloud limits them, each checked when the
 * component is built against the platform's rule for its resource type (name-rules-aws.ts,
 * name-rules-azure.ts, name-rules-gcp.ts: the one table per cloud, each rule with its vendor
 * source), so a name the cloud would refuse fails `pulumi preview` naming the rule, not `pulumi up` halfway through.
 */
import { nameViolation, NameRuleTable } from "../platform/name-rules";
import { AWS_NAME_RULES } from "../platform/name-rules-aws";
import { AZURE_NAME_RULES } from "../platform/name-rules-azure";
import { GCP_NAME_RULES } from "../platform/name-rules-gcp";
import { awsName, azureDnsName, gcpResourceId } from "../platform/naming";
import { ArgsValidator } from "../platform/validate";

const NAME_RULES: NameRuleTable = { ...AWS_NAME_RULES, ...AZURE_NAME_RULES, ...GCP_NAME_RULES };

/** `name` if it meets the platform's rule for `type`'s input `field`; else the component's error naming the rule and its source. */
export function checkedName(owner: string, type: string, field: string, name: string): string {
    const rules = NAME_RULES[type];
    const rule = Array.isArray(rules) ? rules.find((r) => r.field === field) : undefined;
    if (rule === undefined) throw new Error(`${owner}: no name rule for ${type} ${field} in components/platform/name-rules-*.ts`);
    if (nameViolation(name, rule) !== undefined) {
        const [min, max] = rule.length;
        new ArgsValidator(owner).fail(
            `the ${type} ${field}`,
            `${min}-${max} ${rule.rule} (${rule.source})`,
            name,
            "make the component's name shorter or plainer",
        );
    }
    return name;
}

export const cqrsNames = (owner: string, name: string) => {
    const checked = (type: string, field: string, value: string) => checkedName(owner, type, field, value);
    return {
        writeTable: () => checked("aws:dynamodb/table:Table", "name", awsName(`${name}-writes`, 255)),
        /** The provider appends a 26-character unique id to the prefix (S3 bucket names are global), so the prefix is at most 37. */
        deadLetterBucketPrefix: () => checked("aws:s3/bucket:Bucket", "bucketPrefix", gcpResourceId(`${name}-projection-dlq`, 37)),
        queue: (role: string) => checked("aws:sqs/queue:Queue", "name", awsName(`${name}-${role}`, 80)),
        searchDomain: () => checked("aws:opensearch/domain:Domain", "domainName", gcpResourceId(`${name}-search`, 28)),
        searchCollection: () =>
            checked("aws:opensearch/serverlessCollection:ServerlessCollection", "name", gcpResourceId(`${name}-search`, 32)),
        securityPolicy: (role: string) =>
            checked("aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy", "name", gcpResourceId(`${name}-${role}`, 32)),
        accessPolicy: (role: string) =>
            checked("aws:opensearch/serverlessAccessPolicy:ServerlessAccessPolicy", "name", gcpResourceId(`${name}-${role}`, 32)),
        cosmosAccount: () => checked("azure-native:cosmosdb:DatabaseAccount", "accountName", gcpResourceId(`${name}-writes`, 44)),
        serviceBusNamespace: () => checked("azure-native:servicebus:Namespace", "namespaceName", azureDnsName(`${name}-events`, 50)),
        serviceBusQueue: (queue: string) => checked("azure-native:servicebus:Queue", "queueName", queue),
        eventSubscription: () =>
            checked("azure-native:eventgrid:EventSubscription", "eventSubscriptionName", azureDnsName(`${name}-projection`, 64)),
        searchService: () => checked("azure-native:search:Service", "searchServiceName", azureDnsName(`${name}-search`, 60)),
        spannerInstance: () => checked("gcp:spanner/instance:Instance", "name", gcpResourceId(`${name}-writes`, 64)),
        spannerDatabase: () => checked("gcp:spanner/database:Database", "name", gcpResourceId(`${name}-db`, 30)),
        metadataDatabase: () => checked("gcp:spanner/database:Database", "name", gcpResourceId(`${name}-meta`, 30)),
        dataset: () => checked("gcp:bigquery/dataset:Dataset", "datasetId", gcpResourceId(`${name}-read`, 1024).replace(/-/g, "_")),
        datastreamProfile: (role: string) =>
            checked("gcp:datastream/connectionProfile:ConnectionProfile", "connectionProfileId", gcpResourceId(`${name}-${role}`, 63)),
        datastreamStream: () => checked("gcp:datastream/stream:Stream", "streamId", gcpResourceId(`${name}-changes`, 63)),
        /** The view the query function reads: the read table's name on the default path, so `readStoreName` is the same on both. */
        readView: (table: string) => checked("gcp:bigquery/table:Table", "tableId", table),
        /**
         * Datastream's table for the Spanner write table: with a single target dataset it names each table
         * `<schema>_<table>` (Google Cloud, Datastream, "Configure a BigQuery destination": Single dataset for
         * all schemas), and the write table is in Spanner's default schema, whose name is empty.
         */
        datastreamTable: (table: string) => checked("gcp:bigquery/table:Table", "tableId", `_${table}`),
        dataflowJob: () => checked("gcp:dataflow/flexTemplateJob:FlexTemplateJob", "name", gcpResourceId(`${name}-changes`, 63)),
    };
};
