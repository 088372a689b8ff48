/** The command function on DynamoDB (AWS). */
import { dynamoDocumentClient } from "../../stores/clients/dynamodb";
import { dynamoEventLog } from "../../stores/event-store/dynamodb";
import { commandFunction } from "../command-function";

export const handler = commandFunction({ storeKind: "dynamodb", openLog: (store) => dynamoEventLog(dynamoDocumentClient(), store) });
