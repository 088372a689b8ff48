/** The projector on Azure: the Cosmos DB change feed -> AI Search; changes that keep failing go to a dead-letter container. */
import { cosmosClient } from "../../stores/clients/cosmos";
import { projectorFunction } from "../functions";
import { openReadModel } from "./azure-read-model";

export const handler = projectorFunction("ai-search", openReadModel, (sink) => {
    const container = cosmosClient(sink.endpoint).database(sink.database).container(sink.container);
    return async (messages) => {
        for (const m of messages) {
            await container.items.upsert({ id: m.id, attempt: m.attempt, receivedAt: m.receivedAt.toISOString(), body: m.body, deadLetteredAt: new Date().toISOString() });
        }
    };
});
