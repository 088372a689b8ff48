import { CHANGE_DECODERS } from "../../handlers/cqrs/changes";
import { lambdaDynamoDbStream } from "../../handlers/runtimes/aws";
import { dynamoDocumentClient } from "../../handlers/stores/clients/dynamodb";
import { dynamoDocumentStore } from "../../handlers/stores/documents/dynamodb";
import type { Change } from "../../handlers/cqrs/changes";
import { usePeer } from "../support/peers";
import { documentStoreContract } from "./document-store.contract";
import { createWriteTable, runMapping, streamRecords, streamsClient } from "./dynamodb-stream";

documentStoreContract("DynamoDB (DynamoDB Local, its stream read as the Lambda mapping reads it)", () => {
    const peer = usePeer("dynamodb-local");
    let streamArn: string;
    return {
        async open() {
            const table = `cqrs-${peer.namespace}`;
            streamArn = await createWriteTable(peer, table);
            return dynamoDocumentStore(dynamoDocumentClient(peer.clientConfig), table);
        },
        // The client holds no connection of its own (fetch's pool is the process's).
        close: async () => undefined,
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
