/** The command function on AWS: the write model in DynamoDB. */
import { dynamoDocumentClient } from "../../stores/clients/dynamodb";
import { dynamoDocumentStore } from "../../stores/documents/dynamodb";
import { commandFunction } from "../functions";

export const handler = commandFunction("dynamodb", (store) => dynamoDocumentStore(dynamoDocumentClient(), store.table));
