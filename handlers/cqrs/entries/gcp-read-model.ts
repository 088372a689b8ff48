/**
 * The GCP read model: BigQuery with the function's service account, its token from the metadata
 * server (the default service account's token carries the cloud-platform scope, BigQuery's included).
 * `BIGQUERY_EMULATOR_HOST` (the name the community emulator's clients read) is set only by
 * `cloud-patterns dev`, to its local stand-in's root; unset on Cloud Functions.
 */
import { metadataServerToken } from "../../queues/cloud-tasks-api";
import { bearerFetch } from "../../stores/clients/bearer-fetch";
import { BIGQUERY_ROOT, bigQueryReadModel } from "../../stores/read-model/bigquery";
import type { OpenReadModel } from "../functions";

export const openReadModel: OpenReadModel<"bigquery"> = (store, readModel) =>
    bigQueryReadModel(
        bearerFetch(metadataServerToken()),
        store.projectId,
        store.dataset,
        store.table,
        readModel,
        undefined,
        process.env.BIGQUERY_EMULATOR_HOST || BIGQUERY_ROOT,
    );
