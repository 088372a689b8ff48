/** The GCP read model: BigQuery with the function's service account. */
import { googleBigQueryFetch } from "../../stores/clients/bearer-fetch";
import { bigQueryReadModel } from "../../stores/read-model/bigquery";
import type { OpenReadModel } from "../functions";

export const openReadModel: OpenReadModel<"bigquery"> = (store, readModel) =>
    bigQueryReadModel(googleBigQueryFetch(), store.projectId, store.dataset, store.table, readModel);
