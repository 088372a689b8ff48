/**
 * The GCP read model: BigQuery with the function's service account, its token from the metadata
 * server (the default service account's token carries the cloud-platform scope, BigQuery's included).
 */
import { metadataServerToken } from "../../queues/cloud-tasks-api";
import { bearerFetch } from "../../stores/clients/bearer-fetch";
import { bigQueryReadModel } from "../../stores/read-model/bigquery";
import type { OpenReadModel } from "../functions";

export const openReadModel: OpenReadModel<"bigquery"> = (store, readModel) =>
    bigQueryReadModel(bearerFetch(metadataServerToken()), store.projectId, store.dataset, store.table, readModel);
