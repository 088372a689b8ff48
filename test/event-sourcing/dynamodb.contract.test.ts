import { dynamoDocumentClient } from "../../handlers/stores/clients/dynamodb";
import { dynamoEventLog } from "../../handlers/stores/event-store/dynamodb";
import { usePeer } from "../support/peers";
import { createEventTables } from "../fixtures/event-sourcing/dynamodb-tables";
import { eventStoreContract } from "./contract";

// DynamoDB Local, not dynalite: multi-event appends are TransactWriteItems, which dynalite lacks.
eventStoreContract("DynamoDB (DynamoDB Local)", () => {
    const peer = usePeer("dynamodb-local");
    return {
        async open() {
            const tables = await createEventTables(peer.client(), `es-${peer.namespace}`);
            return dynamoEventLog(dynamoDocumentClient(peer.clientConfig), tables);
        },
    };
});
