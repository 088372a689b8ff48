/**
 * The projector on Azure: the Cosmos DB change feed -> AI Search, changes that keep failing set aside in a
 * dead-letter container; or, with `source`, an EventSourcing's Event Grid events from a Service Bus queue, whose own
 * maxDeliveryCount dead-letters them (no deadLetters in the settings).
 */
import { cosmosClient } from "../../stores/clients/cosmos";
import { cosmosDeadLetterSink } from "../cosmos-dead-letters";
import { projectorFunction } from "../functions";
import { openReadModel } from "./azure-read-model";

export const handler = projectorFunction("ai-search", openReadModel, (sink) => {
    if (sink.kind !== "cosmos") throw new Error(`the Azure projector sets dead letters aside in Cosmos DB, not ${sink.kind}`);
    return cosmosDeadLetterSink(cosmosClient(sink.endpoint).database(sink.database).container(sink.container));
});
