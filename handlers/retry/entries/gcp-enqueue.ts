/** Cloud Function behind API Gateway: POST work, 202 with the Cloud Tasks task id. */
import { HttpHandler } from "../../contracts";
import { atColdStart } from "../../cold-start";
import { ConfigError } from "../../config";
import { CloudTasksProducer } from "../../queues/cloud-tasks";
import { CLOUD_TASKS_ENDPOINT_ENV, cloudTasksRestApi, metadataServerToken } from "../../queues/cloud-tasks-api";
import { enqueueHandler } from "../enqueue";
import { readEnqueueSettings } from "../settings";

const handler = atColdStart(() => {
    const { queue, maxBodyBytes } = readEnqueueSettings();
    if (queue.kind !== "cloud-tasks") throw new ConfigError(`'queue.kind' must be cloud-tasks on GCP, got ${JSON.stringify(queue.kind)}`);
    const api = cloudTasksRestApi(metadataServerToken(), fetch, process.env[CLOUD_TASKS_ENDPOINT_ENV] || undefined);
    return enqueueHandler(new CloudTasksProducer(api, queue), maxBodyBytes);
});

export const enqueue: HttpHandler = async (request) => handler()(request);
