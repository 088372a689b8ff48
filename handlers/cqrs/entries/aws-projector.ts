/** The projector on AWS: DynamoDB stream records (or an EventSourcing's events through SQS) -> OpenSearch. */
import { projectorFunction } from "../functions";
import { openReadModel } from "./aws-read-model";

export const handler = projectorFunction("opensearch", openReadModel);
