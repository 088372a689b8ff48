/** The projector on GCP: Spanner change records (Dataflow -> Pub/Sub) or an EventSourcing's events -> BigQuery. */
import { projectorFunction } from "../functions";
import { openReadModel } from "./gcp-read-model";

export const handler = projectorFunction("bigquery", openReadModel);
