import { createHash } from "node:crypto";
import { CloudTasksApi } from "./cloud-tasks-api";
import { EnqueueOptions, Producer } from "./producer";

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
        private readonly api: CloudTasksApi,
        private readonly target: CloudTasksTarget,
    ) {}

    async enqueue(body: string, options: EnqueueOptions = {}): Promise<{ messageId: string }> {
        const name =
            options.idempotencyKey === undefined
                ? undefined
                : `${this.target.queuePath}/tasks/${createHash("sha256").update(options.idempotencyKey).digest("hex")}`;
        const created = await this.api.createTask(this.target.queuePath, {
            ...(name !== undefined && { name }),
            httpRequest: {
                url: this.target.workerUrl,
                httpMethod: "POST",
                headers: { "content-type": "application/json" },
                body: Buffer.from(body, "utf8").toString("base64"),
                oidcToken: { serviceAccountEmail: this.target.invokerServiceAccount, audience: this.target.workerUrl },
            },
        });
        if (created === "already-exists") {
            if (name === undefined) throw new Error("Cloud Tasks reported a server-named task as existing");
            return { messageId: taskId(name) };
        }
        return { messageId: taskId(created.name) };
    }
}

/** The short task id, as the worker sees it in X-CloudTasks-TaskName. */
function taskId(name: string): string {
    return name.slice(name.lastIndexOf("/") + 1);
}
