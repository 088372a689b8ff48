/**
 * CQRS in the cost plan: commands (the profile's writes) go to the command API and function and
 * write the write model; queries (its reads) go to the query API and function and read the read
 * model; every write becomes one change, projected once. The changes are what its queues and
 * topics carry (the GCP changes topic; with `source`, the events rule and queue on AWS, the Event
 * Grid subscription and Service Bus queue on Azure): with `source` the profile's writes are the
 * EventSourcing's events that reach the projector. The projection's dead letters are priced apart:
 * none of the workload reaches them.
 */
import type { PatternPricing, PatternUsageContext } from "../pattern-pricing";

const commands = ({ workload }: PatternUsageContext) => workload.writes;
const queries = ({ workload }: PatternUsageContext) => workload.reads;

export const cqrsPricing: PatternPricing = {
    // Stores are priced by their roles below, so the flow says only what the queues and topics carry.
    flow: { driver: "writes", eventsAreWrites: false, writesPerMessage: 0 },
    // `projection-dlq`: the changes the projector gave up on (SQS on AWS, Pub/Sub on GCP; `-held` is its subscription);
    // `projection-dead-letters`: on AWS the stream mapping's S3 on-failure destination, whose notifications that queue carries.
    deadLetterRoles: ["projection-dlq", "projection-dead-letters"],
    requests: { "command-api": commands, "query-api": queries },
    invocations: { command: commands, query: queries, projector: commands },
    stores: {
        // The write model (DynamoDB `writes`, the Cosmos DB account): a command reads the document, then writes it.
        writes: ({ workload }) => ({ reads: workload.writes, writes: workload.writes, storageGb: workload.storageGb }),
        cosmos: ({ workload }) => ({ reads: workload.writes, writes: workload.writes, storageGb: workload.storageGb }),
        // The read model (BigQuery `read-table`; OpenSearch and AI Search are priced by their capacity): every query reads it, every change lands in it.
        read: ({ workload }) => ({ reads: workload.reads, writes: workload.writes, storageGb: workload.storageGb }),
    },
};
