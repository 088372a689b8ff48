/** The command function on Cosmos DB (Azure), by the app's managed identity. */
import { cosmosClient } from "../../stores/clients/cosmos";
import { cosmosEventLog } from "../../stores/event-store/cosmos";
import { commandFunction } from "../command-function";

export const handler = commandFunction({
    storeKind: "cosmos",
    openLog(store) {
        const database = cosmosClient(store.endpoint).database(store.database);
        return cosmosEventLog({
            events: database.container(store.eventsContainer),
            snapshots: database.container(store.snapshotsContainer),
        });
    },
});
