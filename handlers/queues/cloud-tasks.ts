import type { CloudTasksClient } from "@google-cloud/tasks";
import { createHash } from "node:crypto";
import { EnqueueOptions, Producer } from "./producer";

/** gRPC ALREADY_EXISTS: a task of that name exists or existed recently. */
const ALREADY_EXISTS = 6;

export interface CloudTasksTarget {
    /** `projects/P/locations/L/queues/Q` */
    readonly queuePath: string;
    /** The worker function's URL; also the OIDC token's audience. */
    readonly workerUrl: string;
    /** The service account Cloud Tasks signs the OIDC token as (it must be allowed to invoke the worker). */
    readonly invokerServiceAccount: string;
}

/**
 * Creates an HTTP task calling the worker with an OIDC token. With an idempotency key the task
 * is named after the key's hash: Cloud Tasks refuses a second task of the same name (for about
 * an hour after the first is done), so a repeated send is dropped and answered with the same id.
 */
export class CloudTasksProducer implements Producer {
    constructor(
        private readonly client: Pick<CloudTasksClient, "createTask">,
        private readonly target: CloudTasksTarget,
    ) {}

    async enqueue(body: string, options: EnqueueOptions = {}): Promise<{ messageId: string }> {
        const name = options.idempotencyKey === undefined ? undefined : `${this.target.queuePath}/tasks/${createHash("sha256").update(options.idempotencyKey).digest("hex")}`;
        try {
            const [task] = await this.client.createTask({
                parent: this.target.queuePath,
                task: {
                    ...(name !== undefined && { name }),
                    httpRequest: {
                        url: this.target.workerUrl,
                        httpMethod: "POST",
                        headers: { "content-type": "application/json" },
                        body: Buffer.from(body, "utf8"),
                        oidcToken: { serviceAccountEmail: this.target.invokerServiceAccount, audience: this.target.workerUrl },
                    },
                },
            });
            return { messageId: taskId(task.name ?? name) };
        } catch (err) {
            if (name !== undefined && (err as { code?: unknown }).code === ALREADY_EXISTS) return { messageId: taskId(name) };
            throw err;
        }
    }
}

/** The short task id, as the worker sees it in X-CloudTasks-TaskName. */
function taskId(name: string | null | undefined): string {
    if (!name) throw new Error("Cloud Tasks created the task but returned no name");
    return name.slice(name.lastIndexOf("/") + 1);
}
