/**
 * The AWS publisher function: the events table's stream records, from the EventBridge Pipe ->
 * the pattern's bus; records EventBridge does not take go whole to the dead-letter queue.
 */
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { atColdStart } from "../../cold-start";
import { readFunctionConfig } from "../../config";
import type { MessageBatchHandler } from "../../contracts";
import { eventBridgePut } from "../../queues/eventbridge-bus";
import { sqsApi } from "../../queues/sqs-api";
import { sqsDeadLetters } from "../../queues/sqs-dead-letters";
import type { EventBridgePublisherSettingsDocument } from "../settings-document";
import { streamPublisher } from "../stream-publisher";

const publisher = atColdStart(() => {
    const settings = readFunctionConfig<EventBridgePublisherSettingsDocument>((s) => ({
        busName: s.string("busName"),
        source: s.string("source"),
        detailType: s.string("detailType"),
        deadLetterQueueUrl: s.string("deadLetterQueueUrl"),
    }));
    return streamPublisher(eventBridgePut(new EventBridgeClient({})), sqsDeadLetters(sqsApi(), settings.deadLetterQueueUrl), settings);
});

export const handler: MessageBatchHandler = async (messages) => publisher()(messages);
