/** The command function on GCP: the write model in Spanner, over its REST API with the function's service account (or the emulator `cloud-patterns dev` names). */
import { spannerEmulatorOptions, spannerRestDatabase } from "../../stores/clients/spanner-rest";
import { spannerDocumentStore } from "../../stores/documents/spanner";
import { commandFunction } from "../functions";

export const handler = commandFunction("spanner", (store) =>
    spannerDocumentStore(
        spannerRestDatabase(
            `projects/${store.projectId}/instances/${store.instance}/databases/${store.database}`,
            spannerEmulatorOptions(),
        ),
        store.table,
    ),
);
