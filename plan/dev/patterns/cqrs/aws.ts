/**
 * CQRS on AWS, locally: the write table on DynamoDB Local as the stack declares it (stream
 * NEW_AND_OLD_IMAGES), its stream read as the stack's event source mapping reads it (batch size,
 * retries, partial batch responses) into the projector's host, and the read model on a local
 * stand-in for OpenSearch that answers the adapter's Create index, Multi-get, Bulk and Search
 * calls in the shapes the OpenSearch API reference documents (plan/dev/stand-ins/opensearch.ts).
 */
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import type { DynamoDbStreamEvent } from "../../../../handlers/runtimes/aws";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { createRecordedTables } from "../../dynamodb-tables";
import { startStreamMapping, type RunningStreamMapping } from "../../deliveries/dynamodb-stream";
import { deliverToHost } from "../../deliveries/host-delivery";
import { serveFetch } from "../../stand-ins/fetch-server";
import { openSearchStandIn } from "../../stand-ins/opensearch";
import type { LocalCqrsFactory } from ".";

const MAPPING_TYPE = "aws:lambda/eventSourceMapping:EventSourceMapping";

export const awsCqrs: LocalCqrsFactory = async (pattern, stack, context) => {
    const { command, projector, query } = stack;
    if (command.writeStore.kind !== "dynamodb" || projector.readStore.kind !== "opensearch" || projector.source !== "dynamodb-stream")
        throw new Error(
            `Cqrs '${pattern.name}': on AWS locally the write model must be DynamoDB with its stream, the read model OpenSearch; got ${command.writeStore.kind}, ${projector.source}, ${projector.readStore.kind}`,
        );
    const table = command.writeStore.table;
    const peer = await context.peers.get("dynamodb-local");
    const client = peer.client();
    let streamArn: string | undefined;
    try {
        const created = await createRecordedTables(
            client,
            pattern.resources.filter((r) => r.inputs.name === table),
        );
        context.log(`write model on DynamoDB Local: table ${created.join(", ")}`);
        streamArn = (await client.send(new DescribeTableCommand({ TableName: table }))).Table?.LatestStreamArn;
    } finally {
        client.destroy();
    }
    if (!streamArn) throw new Error(`Cqrs '${pattern.name}': DynamoDB Local made table ${table} without a stream`);

    const readStore = projector.readStore;
    const search = openSearchStandIn(readStore.index);
    const server = await serveFetch("read model", search.fetch, context.log);
    context.log(
        `read model: local stand-in for OpenSearch (index ${readStore.index} in memory, the documented API shapes) at ${server.url}; no OpenSearch runs locally`,
    );
    const localReadStore = { ...readStore, endpoint: server.url };

    const declared = pattern.resources.find((r) => r.type === MAPPING_TYPE)?.inputs;
    const options = { batchSize: Number(declared?.batchSize ?? 100), maxRetries: Number(declared?.maximumRetryAttempts ?? 0) };
    let mapping: RunningStreamMapping | undefined;
    return {
        settings: { command, projector: { ...projector, readStore: localReadStore }, query: { ...query, readStore: localReadStore } },
        readStoreStandsInFor: "OpenSearch",
        environment: peer.env,
        projectorTrigger: { kind: "dynamodb-stream" },
        connect(projectorUrl) {
            context.log(`stream mapping: ${table}'s stream -> projector (batch ${options.batchSize}, ${options.maxRetries} retries)`);
            mapping = startStreamMapping(
                peer,
                streamArn,
                async (event: DynamoDbStreamEvent) => {
                    const answer = await deliverToHost<{ batchItemFailures: { itemIdentifier: string }[] }>(projectorUrl, event.Records);
                    const failed = new Set(answer.batchItemFailures.map((f) => f.itemIdentifier));
                    for (const record of event.Records) {
                        const image = record.dynamodb.NewImage ? unmarshall(record.dynamodb.NewImage as never) : {};
                        const what = `${record.eventName} ${image.id ?? "?"} v${image.version ?? "?"}`;
                        context.log(
                            `projection: stream record ${what} -> ${failed.has(record.dynamodb.SequenceNumber) ? "failed" : "projected"}`,
                        );
                    }
                    return answer;
                },
                options,
                context.log,
            );
        },
        async stop() {
            await mapping?.stop();
            await server.stop();
        },
    };
};
