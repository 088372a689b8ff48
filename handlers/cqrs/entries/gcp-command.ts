/** The command function on GCP: the write model in Spanner. */
import { Spanner } from "@google-cloud/spanner";
import { spannerDocumentStore } from "../../stores/documents/spanner";
import { commandFunction } from "../functions";

export const handler = commandFunction("spanner", (store) =>
    spannerDocumentStore(new Spanner({ projectId: store.projectId }).instance(store.instance).database(store.database), store.table),
);
