/** Cloud Function behind API Gateway: POST work, 202 with the Cloud Tasks task id. */
import { CloudTasksClient } from "@google-cloud/tasks";
import { HttpHandler } from "../../contracts";
import { ConfigError } from "../../config";
import { CloudTasksProducer } from "../../queues/cloud-tasks";
import { enqueueHandler } from "../enqueue";
import { readEnqueueSettings } from "../settings";
import { lazy } from "./lazy";

const handler = lazy(() => {
    const { queue, maxBodyBytes } = readEnqueueSettings();
    if (queue.kind !== "cloud-tasks") throw new ConfigError(`'queue.kind' must be cloud-tasks on GCP, got ${JSON.stringify(queue.kind)}`);
    return enqueueHandler(new CloudTasksProducer(new CloudTasksClient(), queue), maxBodyBytes);
});

export const enqueue: HttpHandler = (request) => handler()(request);
