/**
 * A Cloud Tasks queue on this machine, for `cloud-patterns dev` (there is no Cloud Tasks
 * emulator): it serves the one REST call the enqueue function makes, `POST /v2/{parent}/tasks`
 * (https://cloud.google.com/tasks/docs/reference/rest/v2/projects.locations.queues.tasks/create:
 * a bearer token required, 404 for another queue, 409 ALREADY_EXISTS for a task name in use or
 * used recently), and dispatches each task as the HTTP request its `httpRequest` describes, with
 * the headers Cloud Tasks adds (https://cloud.google.com/tasks/docs/creating-http-target-tasks#handler:
 * X-CloudTasks-QueueName, -TaskName (the short id), -TaskRetryCount (retries so far, dispatches
 * that never reached the handler included), -TaskExecutionCount (responses received),
 * -TaskETA (the schedule time, epoch seconds), -TaskPreviousResponse and -TaskRetryReason on a
 * retry). A 2xx answer deletes the task; anything else, or no answer, schedules the next attempt
 * by the queue's retryConfig (./cloud-tasks-retry-config.ts). `queue` faults: a dropped dispatch
 * never reaches the worker and counts as a failed attempt without a response; a duplicated one is
 * dispatched twice at once.
 */
import { randomInt } from "node:crypto";
import { createServer } from "node:http";
import { readBody } from "../../../handlers/runtimes/node-http";
import { faultDraws, QueueFaults } from "../faults";
import { listenLocal } from "../listen-local";
import { CloudTasksRetryConfig, cloudTasksBackoffSeconds, cloudTasksRetries } from "./cloud-tasks-retry-config";

export interface CloudTasksQueueOptions {
    /** `projects/P/locations/L/queues/Q`, as the enqueue function names it. */
    readonly queuePath: string;
    readonly retryConfig: CloudTasksRetryConfig;
    /** Whether a create call's bearer token is one the local metadata server handed out. */
    readonly acceptsToken: (token: string) => boolean;
    readonly faults?: QueueFaults;
    readonly seed: number;
    readonly log: (line: string) => void;
}

/** What became of one task. */
export interface CloudTaskHistory {
    readonly taskId: string;
    /** Dispatches made (dropped ones included): X-CloudTasks-TaskRetryCount + 1 of the last. */
    attempts: number;
    /** Dispatches that reached the worker (a duplicate counts twice). */
    deliveries: number;
    state: "queued" | "done" | "deleted";
    /** When it was done or deleted. */
    settledAt?: number;
}

export interface LocalCloudTasksQueue {
    /** `http://127.0.0.1:<port>`: what the enqueue function calls instead of https://cloudtasks.googleapis.com. */
    readonly endpoint: string;
    readonly history: ReadonlyMap<string, CloudTaskHistory>;
    /** Starts dispatching, each task's URL sent where `route` says (the worker's local host for its deployed URL). */
    startDispatching(route: (url: string) => string): void;
    stop(): Promise<void>;
}

interface HttpTaskRequest {
    readonly url: string;
    readonly httpMethod?: string;
    readonly headers?: Record<string, string>;
    readonly body?: string;
    readonly oidcToken?: { readonly serviceAccountEmail: string; readonly audience?: string };
}

interface Task {
    readonly id: string;
    readonly request: HttpTaskRequest;
    scheduleAt: number;
    firstAttemptAt?: number;
    retryCount: number;
    executionCount: number;
    previousResponse?: number;
    retryReason?: string;
    dispatching: boolean;
}

/** How long a finished task's name stays taken: "up to 1 hour" after deletion (Task.name, CreateTask reference). */
const TOMBSTONE_MS = 3_600_000;
const POLL_MS = 50;

class GoogleApiError extends Error {
    constructor(
        readonly code: number,
        readonly status: string,
        message: string,
    ) {
        super(message);
    }
}

export async function startCloudTasksQueue(options: CloudTasksQueueOptions): Promise<LocalCloudTasksQueue> {
    const tasks: Task[] = [];
    const history = new Map<string, CloudTaskHistory>();
    const usedNames = new Map<string, number>();
    const draw = faultDraws(options.seed, "queue");
    const queueId = options.queuePath.slice(options.queuePath.lastIndexOf("/") + 1);

    const create = (parent: string, authorization: string | undefined, body: string) => {
        const token = /^Bearer (.+)$/.exec(authorization ?? "")?.[1];
        if (!token || !options.acceptsToken(token))
            throw new GoogleApiError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
        if (parent !== options.queuePath) throw new GoogleApiError(404, "NOT_FOUND", `Queue ${parent} does not exist.`);
        const { task } = JSON.parse(body || "{}") as { task?: { name?: string; httpRequest?: HttpTaskRequest } };
        if (!task?.httpRequest?.url) throw new GoogleApiError(400, "INVALID_ARGUMENT", "task.httpRequest.url is required");
        if (task.name !== undefined && !task.name.startsWith(`${parent}/tasks/`))
            throw new GoogleApiError(400, "INVALID_ARGUMENT", `task.name must be in ${parent}/tasks/, got ${task.name}`);
        const id = task.name ? task.name.slice(task.name.lastIndexOf("/") + 1) : String(randomInt(2 ** 47, 2 ** 48));
        const used = usedNames.get(id);
        if (used !== undefined && Date.now() - used < TOMBSTONE_MS) {
            options.log(`cloud tasks ${queueId}: task ${id} refused (ALREADY_EXISTS: the name is in use or was used within the hour)`);
            throw new GoogleApiError(409, "ALREADY_EXISTS", "Requested entity already exists");
        }
        usedNames.set(id, Date.now());
        const now = Date.now();
        tasks.push({ id, request: task.httpRequest, scheduleAt: now, retryCount: 0, executionCount: 0, dispatching: false });
        history.set(id, { taskId: id, attempts: 0, deliveries: 0, state: "queued" });
        options.log(`cloud tasks ${queueId}: created task ${id}`);
        return {
            name: `${parent}/tasks/${id}`,
            scheduleTime: new Date(now).toISOString(),
            createTime: new Date(now).toISOString(),
            dispatchCount: 0,
            responseCount: 0,
            view: "BASIC",
        };
    };

    const server = createServer((req, res) => {
        readBody(req)
            .then((raw) => {
                const match = /^\/v2\/(.+)\/tasks$/.exec(new URL(req.url ?? "/", "http://x").pathname);
                if (req.method !== "POST" || !match)
                    throw new GoogleApiError(404, "NOT_FOUND", `the local Cloud Tasks serves only POST /v2/{parent}/tasks`);
                return create(decodeURIComponent(match[1]), req.headers.authorization, raw.toString("utf8"));
            })
            .then(
                (answer) => {
                    res.writeHead(200, { "content-type": "application/json" });
                    res.end(JSON.stringify(answer));
                },
                (err: unknown) => {
                    const e = err instanceof GoogleApiError ? err : new GoogleApiError(500, "INTERNAL", String(err));
                    res.writeHead(e.code, { "content-type": "application/json" });
                    res.end(JSON.stringify({ error: { code: e.code, message: e.message, status: e.status } }));
                },
            );
    });
    const listening = await listenLocal(server);

    /** Dispatches the task once; resolves with the status, or undefined when no answer came. */
    const dispatchOnce = async (task: Task, route: (url: string) => string): Promise<number | undefined> => {
        const headers: Record<string, string> = {
            ...task.request.headers,
            "user-agent": "Google-Cloud-Tasks",
            "x-cloudtasks-queuename": queueId,
            "x-cloudtasks-taskname": task.id,
            "x-cloudtasks-taskretrycount": String(task.retryCount),
            "x-cloudtasks-taskexecutioncount": String(task.executionCount),
            "x-cloudtasks-tasketa": (task.scheduleAt / 1000).toFixed(6),
            ...(task.previousResponse !== undefined && { "x-cloudtasks-taskpreviousresponse": String(task.previousResponse) }),
            ...(task.retryReason !== undefined && { "x-cloudtasks-taskretryreason": task.retryReason }),
            // Cloud Functions checks the OIDC token in front of the function; the function never sees it checked.
            ...(task.request.oidcToken && { authorization: `Bearer local-oidc-${task.request.oidcToken.serviceAccountEmail}` }),
        };
        try {
            const answer = await fetch(route(task.request.url), {
                method: task.request.httpMethod ?? "POST",
                headers,
                body: task.request.body === undefined ? undefined : Buffer.from(task.request.body, "base64"),
            });
            await answer.arrayBuffer();
            return answer.status;
        } catch {
            return undefined;
        }
    };

    const attempt = async (task: Task, route: (url: string) => string) => {
        const entry = history.get(task.id)!;
        const now = Date.now();
        task.firstAttemptAt ??= now;
        entry.attempts++;
        let status: number | undefined;
        const attemptLabel = `attempt ${task.retryCount + 1} (X-CloudTasks-TaskRetryCount ${task.retryCount})`;
        if (options.faults && draw() < options.faults.drop) {
            options.log(`cloud tasks ${queueId}: dispatch of ${task.id}, ${attemptLabel}, dropped (fault injected)`);
        } else {
            const twice = options.faults !== undefined && draw() < options.faults.duplicate;
            if (twice) options.log(`cloud tasks ${queueId}: ${task.id} dispatched twice (fault injected)`);
            const answers = await Promise.all(Array.from({ length: twice ? 2 : 1 }, () => dispatchOnce(task, route)));
            entry.deliveries += answers.length;
            status = answers[0];
            options.log(`cloud tasks ${queueId}: dispatched ${task.id}, ${attemptLabel} -> ${status ?? "no answer"}`);
        }
        if (status !== undefined && status >= 200 && status < 300) {
            tasks.splice(tasks.indexOf(task), 1);
            entry.state = "done";
            entry.settledAt = Date.now();
            return;
        }
        if (status !== undefined) task.executionCount++;
        task.previousResponse = status;
        task.retryReason = status === undefined ? "UNAVAILABLE" : `HTTP status ${status}`;
        if (!cloudTasksRetries(options.retryConfig, task.retryCount + 1, (Date.now() - task.firstAttemptAt) / 1000)) {
            tasks.splice(tasks.indexOf(task), 1);
            entry.state = "deleted";
            entry.settledAt = Date.now();
            options.log(
                `cloud tasks ${queueId}: ${task.id} deleted after ${entry.attempts} attempts (maxAttempts ${options.retryConfig.maxAttempts}); Cloud Tasks keeps no dead letter`,
            );
            return;
        }
        task.retryCount++;
        const wait = cloudTasksBackoffSeconds(options.retryConfig, task.retryCount);
        task.scheduleAt = Date.now() + wait * 1000;
        options.log(`cloud tasks ${queueId}: ${task.id} retried in ${wait} s (retry ${task.retryCount}, the queue's backoff)`);
    };

    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    return {
        endpoint: listening.url,
        history,
        startDispatching(route) {
            const poll = () => {
                if (stopped) return;
                const now = Date.now();
                for (const task of tasks.filter((t) => !t.dispatching && t.scheduleAt <= now)) {
                    task.dispatching = true;
                    void attempt(task, route).finally(() => (task.dispatching = false));
                }
                timer = setTimeout(poll, POLL_MS);
            };
            poll();
        },
        stop: async () => {
            stopped = true;
            clearTimeout(timer);
            await listening.stop();
        },
    };
}
