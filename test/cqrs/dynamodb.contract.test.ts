import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { CHANGE_DECODERS } from "../../handlers/cqrs/changes";
import { lambdaDynamoDbStream } from "../../handlers/runtimes/aws";
import { dynamoDocumentClient } from "../../handlers/stores/clients/dynamodb";
import { dynamoDocumentStore } from "../../handlers/stores/documents/dynamodb";
import type { Change } from "../../handlers/cqrs/changes";
import { usePeer, type DynamoPeer } from "../support/peers";
import { documentStoreContract } from "./document-store.contract";
import { runMapping, streamRecords } from "./dynamodb-stream";

/** The write table as the component declares it: hash key `id`, stream NEW_AND_OLD_IMAGES. */
export async function createWriteTable(peer: DynamoPeer, name: string): Promise<string> {
    const { TableDescription } = await peer.client().send(
        new CreateTableCommand({
            TableName: name,
            KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
            AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
            BillingMode: "PAY_PER_REQUEST",
            StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
        }),
    );
    return TableDescription!.LatestStreamArn!;
}

export function streamsClient(peer: DynamoPeer): DynamoDBStreamsClient {
    return new DynamoDBStreamsClient(peer.clientConfig);
}

documentStoreContract("DynamoDB (DynamoDB Local, its stream read as the Lambda mapping reads it)", () => {
    const peer = usePeer("dynamodb-local");
    let client: DynamoDBDocumentClient | undefined;
    let streamArn: string;
    return {
        async open() {
            const table = `cqrs-${peer.namespace}`;
            streamArn = await createWriteTable(peer, table);
            client = dynamoDocumentClient(peer.clientConfig);
            return dynamoDocumentStore(client, table);
        },
        close: async () => client?.destroy(),
        async changes() {
            const changes: Change[] = [];
            // Through the same runtime adapter the bundle uses, then the projector's decoder.
            const adapter = lambdaDynamoDbStream(async (messages) => {
                changes.push(...messages.map(CHANGE_DECODERS["dynamodb-stream"]));
                return [];
            });
            await runMapping(await streamRecords(streamsClient(peer), streamArn), adapter, { batchSize: 100, maxRetries: 0 });
            return changes;
        },
    };
});
