/** The query function on AWS: OpenSearch. */
import { queryFunction } from "../functions";
import { openReadModel } from "./aws-read-model";

export const handler = queryFunction("opensearch", openReadModel);
