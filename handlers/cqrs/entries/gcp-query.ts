/** The query function on GCP: BigQuery. */
import { queryFunction } from "../functions";
import { openReadModel } from "./gcp-read-model";

export const handler = queryFunction("bigquery", openReadModel);
