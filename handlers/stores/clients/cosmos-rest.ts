/**
 * Cosmos DB's REST API (SQL API, x-ms-version 2020-07-15), the part the stores use, shaped like
 * the @azure/cosmos Container they were written against: @azure/cosmos is 303 KiB of each Azure
 * package that touches Cosmos DB, and most of it is query plans, routing maps and bulk machinery
 * these point operations and single-partition queries never use. What is spoken, as the SDK sends it:
 * - auth: a Microsoft Entra token as `type=aad&ver=1.0&sig=<token>` (audience the account), or the
 *   master key's HMAC-SHA256 over `verb\nresourceType\nresourceLink\ndate\n\n` (the emulator's key);
 * - the partition key as a JSON array in `x-ms-documentdb-partitionkey` (two values for a
 *   hierarchical key), read from the body with the container's key paths (read once);
 * - creates, upserts (`x-ms-documentdb-is-upsert`), reads, replaces and deletes with `If-Match`
 *   on `_etag`; transactional batches (`x-ms-cosmos-is-batch-request`, `-batch-atomic`);
 * - queries with parameters (`application/query+json`), page after page by `x-ms-continuation`;
 *   without a partition key, once per partition key range (`x-ms-documentdb-partitionkeyrangeid`),
 *   since the gateway does not merge ORDER BY or TOP across partitions: the caller merges
 *   ({@link CosmosRestContainer.queryEachRange});
 * - 429 answers retried after `x-ms-retry-after-ms`.
 * Errors carry `code` (the HTTP status), as the SDK's do, so the stores' 404/409/412 checks hold.
 */
import { createHmac } from "node:crypto";
import { request as httpRequest, type Agent as HttpAgent } from "node:http";
import { request as httpsRequest, type Agent as HttpsAgent } from "node:https";
import type { AccessTokenSource } from "../../gcp-metadata-token";
import { managedIdentityToken } from "../../azure-managed-identity";
import { asciiJson } from "./ascii-json";

const API_VERSION = "2020-07-15";
/** Throttled (429) answers are retried this many times, as the SDK's default retry options do (9). */
const MAX_THROTTLE_RETRIES = 9;
const DEFAULT_RETRY_AFTER_MS = 1000;

export type PartitionKeyValue = string | number | boolean | null;
export type PartitionKey = PartitionKeyValue | PartitionKeyValue[];

export interface SqlQuerySpec {
    readonly query: string;
    readonly parameters?: readonly { readonly name: string; readonly value: PartitionKeyValue }[];
}

export interface BatchOperation {
    readonly operationType: "Create" | "Upsert" | "Replace" | "Delete" | "Read";
    readonly id?: string;
    readonly resourceBody?: Record<string, unknown>;
    readonly ifMatch?: string;
}

/** A refusal from Cosmos DB: `code` is the HTTP status, `substatus` the service's sub-status. */
export class CosmosRestError extends Error {
    constructor(
        readonly code: number,
        readonly substatus: number | undefined,
        message: string,
    ) {
        super(message);
        this.name = "CosmosRestError";
    }
}

export interface CosmosRestOptions {
    /** The account's master key (the emulator's well-known one in tests and `dev`); without it, Entra ID. */
    readonly key?: string;
    /** @default the function app's managed identity, audience the account (`<endpoint>/.default`) */
    readonly token?: AccessTokenSource;
    /** For a peer with a self-signed certificate. @default Node's global agent */
    readonly agent?: HttpAgent | HttpsAgent;
}

interface Answer {
    readonly status: number;
    readonly headers: Record<string, string | string[] | undefined>;
    readonly body: string;
}

type Auth = (verb: string, resourceType: string, resourceLink: string, date: string) => Promise<string>;

function masterKeyAuth(key: string): Auth {
    const secret = Buffer.from(key, "base64");
    return async (verb, resourceType, resourceLink, date) => {
        const text = `${verb.toLowerCase()}\n${resourceType.toLowerCase()}\n${resourceLink}\n${date.toLowerCase()}\n\n`;
        const sig = createHmac("sha256", secret).update(text).digest("base64");
        return encodeURIComponent(`type=master&ver=1.0&sig=${sig}`);
    };
}

function entraAuth(token: AccessTokenSource): Auth {
    return async () => `type=aad&ver=1.0&sig=${await token()}`;
}

/** The master-key signature of one request, as the service checks it (exported for its test against the SDK's). */
export function masterKeySignature(key: string, verb: string, resourceType: string, resourceLink: string, date: string): Promise<string> {
    return masterKeyAuth(key)(verb, resourceType, resourceLink, date);
}

const header = (answer: Answer, name: string): string | undefined => {
    const value = answer.headers[name];
    return Array.isArray(value) ? value[0] : value;
};

/** A Cosmos DB account over REST. */
export class CosmosRestClient {
    private readonly base: URL;
    private readonly auth: Auth;

    constructor(
        endpoint: string,
        private readonly options: CosmosRestOptions = {},
    ) {
        this.base = new URL(endpoint);
        const account = endpoint.replace(/\/+$/, "");
        this.auth =
            options.key !== undefined
                ? masterKeyAuth(options.key)
                : entraAuth(options.token ?? managedIdentityToken(`${account}/.default`));
    }

    database(id: string): { container(containerId: string): CosmosRestContainer } {
        return { container: (containerId) => new CosmosRestContainer(this, id, containerId) };
    }

    /**
     * One request: `path` is the URL path (ids encoded), `resourceLink` the signed link (ids as
     * they are). Throttling is retried; any status not in `accept` and ≥ 400 is a {@link CosmosRestError}.
     */
    async send(
        verb: string,
        path: string,
        resourceType: string,
        resourceLink: string,
        headers: Record<string, string>,
        body?: string,
        accept: readonly number[] = [],
    ): Promise<Answer> {
        for (let attempt = 0; ; attempt++) {
            const date = new Date().toUTCString();
            const answer = await this.exchange(
                verb,
                path,
                {
                    ...headers,
                    // The SDK sends this on every request, point reads included; the emulator's reads rely on it.
                    "x-ms-documentdb-query-enablecrosspartition": "true",
                    "x-ms-version": API_VERSION,
                    "x-ms-date": date,
                    authorization: await this.auth(verb, resourceType, resourceLink, date),
                    ...(body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) }),
                },
                body,
            );
            if (answer.status === 429 && attempt < MAX_THROTTLE_RETRIES) {
                const wait = Number(header(answer, "x-ms-retry-after-ms") ?? DEFAULT_RETRY_AFTER_MS);
                await new Promise((resolve) => setTimeout(resolve, Number.isFinite(wait) ? wait : DEFAULT_RETRY_AFTER_MS));
                continue;
            }
            if (answer.status >= 400 && !accept.includes(answer.status)) {
                const substatus = header(answer, "x-ms-substatus");
                let message = answer.body;
                try {
                    message = (JSON.parse(answer.body) as { message?: string }).message ?? answer.body;
                } catch {
                    // not JSON: the text as it came
                }
                throw new CosmosRestError(
                    answer.status,
                    substatus === undefined ? undefined : Number(substatus),
                    `Cosmos DB answered ${answer.status} to ${verb} ${path}: ${message.slice(0, 500)}`,
                );
            }
            return answer;
        }
    }

    private exchange(verb: string, path: string, headers: Record<string, string>, body: string | undefined): Promise<Answer> {
        const url = new URL(path, this.base);
        const send = url.protocol === "http:" ? httpRequest : httpsRequest;
        return new Promise((resolve, reject) => {
            const req = send(url, { method: verb, headers, ...(this.options.agent && { agent: this.options.agent }) }, (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (chunk: Buffer) => chunks.push(chunk));
                res.on("end", () =>
                    resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
                );
                res.on("error", reject);
            });
            req.on("error", reject);
            req.end(body);
        });
    }
}

const enc = encodeURIComponent;

/** A container, with the subset of @azure/cosmos's Container the stores call. */
export class CosmosRestContainer {
    private readonly link: string;
    private readonly path: string;
    private keyPaths: Promise<string[][]> | undefined;

    constructor(
        private readonly client: CosmosRestClient,
        database: string,
        container: string,
    ) {
        this.link = `dbs/${database}/colls/${container}`;
        this.path = `/dbs/${enc(database)}/colls/${enc(container)}`;
    }

    readonly items = {
        create: (body: object) => this.write(body, {}),
        upsert: (body: object) => this.write(body, { "x-ms-documentdb-is-upsert": "true" }),
        /** A query within one partition; across partitions, {@link CosmosRestContainer.queryEachRange}. */
        query: <T>(spec: SqlQuerySpec, options: { partitionKey: PartitionKey; maxItemCount?: number }) => ({
            fetchAll: async (): Promise<{ resources: T[] }> => ({
                resources: await this.queryPages<T>(spec, { "x-ms-documentdb-partitionkey": keyHeader(options.partitionKey) }, options),
            }),
        }),
        batch: async (operations: readonly BatchOperation[], partitionKey: PartitionKey): Promise<{ result: { statusCode: number }[] }> => {
            const answer = await this.client.send(
                "POST",
                `${this.path}/docs`,
                "docs",
                this.link,
                {
                    "content-type": "application/json",
                    "x-ms-documentdb-partitionkey": keyHeader(partitionKey),
                    "x-ms-cosmos-is-batch-request": "true",
                    "x-ms-cosmos-batch-atomic": "true",
                },
                JSON.stringify(operations),
                // A failed atomic batch answers the first failure's status with every operation's result.
                [400, 404, 409, 412, 413, 424],
            );
            const result = JSON.parse(answer.body) as { statusCode: number }[];
            if (!Array.isArray(result))
                throw new CosmosRestError(
                    answer.status,
                    undefined,
                    `Cosmos DB answered ${answer.status} to a batch: ${answer.body.slice(0, 500)}`,
                );
            return { result };
        },
    };

    item(id: string, partitionKey: PartitionKey) {
        const path = `${this.path}/docs/${enc(id)}`;
        const link = `${this.link}/docs/${id}`;
        const keyed = { "x-ms-documentdb-partitionkey": keyHeader(partitionKey) };
        const condition = (options?: { accessCondition?: { type: "IfMatch"; condition: string } }): Record<string, string> =>
            options?.accessCondition ? { "if-match": options.accessCondition.condition } : {};
        return {
            read: async <T>(): Promise<{ resource?: T; etag?: string }> => {
                const answer = await this.client.send("GET", path, "docs", link, keyed, undefined, [404]);
                if (answer.status === 404) return {};
                return { resource: JSON.parse(answer.body) as T, etag: header(answer, "etag") };
            },
            replace: async (body: object, options?: { accessCondition?: { type: "IfMatch"; condition: string } }) => {
                await this.client.send(
                    "PUT",
                    path,
                    "docs",
                    link,
                    { ...keyed, ...condition(options), "content-type": "application/json" },
                    JSON.stringify(body),
                );
            },
            delete: async (options?: { accessCondition?: { type: "IfMatch"; condition: string } }) => {
                await this.client.send("DELETE", path, "docs", link, { ...keyed, ...condition(options) });
            },
        };
    }

    /**
     * A query without a partition key, run on each partition key range on its own: each answer is
     * that range's result (its ORDER BY and TOP applied), for the caller to merge.
     */
    async queryEachRange<T>(spec: SqlQuerySpec, options: { maxItemCount?: number } = {}): Promise<T[][]> {
        const answer = await this.client.send("GET", `${this.path}/pkranges`, "pkranges", this.link, {});
        const ranges = (JSON.parse(answer.body) as { PartitionKeyRanges: { id: string }[] }).PartitionKeyRanges;
        return Promise.all(ranges.map((range) => this.queryPages<T>(spec, { "x-ms-documentdb-partitionkeyrangeid": range.id }, options)));
    }

    private async queryPages<T>(spec: SqlQuerySpec, headers: Record<string, string>, options: { maxItemCount?: number }): Promise<T[]> {
        const resources: T[] = [];
        let continuation: string | undefined;
        do {
            const answer = await this.client.send(
                "POST",
                `${this.path}/docs`,
                "docs",
                this.link,
                {
                    ...headers,
                    "content-type": "application/query+json",
                    "x-ms-documentdb-isquery": "true",
                    ...(options.maxItemCount === undefined ? {} : { "x-ms-max-item-count": String(options.maxItemCount) }),
                    ...(continuation === undefined ? {} : { "x-ms-continuation": continuation }),
                },
                JSON.stringify({ query: spec.query, parameters: spec.parameters ?? [] }),
            );
            resources.push(...(JSON.parse(answer.body) as { Documents: T[] }).Documents);
            continuation = header(answer, "x-ms-continuation") || undefined;
        } while (continuation !== undefined);
        return resources;
    }

    private async write(body: object, headers: Record<string, string>): Promise<void> {
        const partitionKey = (await this.partitionKeyPaths()).map((path) => valueAt(body, path));
        await this.client.send(
            "POST",
            `${this.path}/docs`,
            "docs",
            this.link,
            { ...headers, "content-type": "application/json", "x-ms-documentdb-partitionkey": asciiJson(partitionKey) },
            JSON.stringify(body),
        );
    }

    /** The container's partition key paths (`/a/b` as ["a", "b"]), read once, as the SDK does to key a create. */
    private partitionKeyPaths(): Promise<string[][]> {
        this.keyPaths ??= this.client
            .send("GET", this.path, "colls", this.link, {})
            .then((answer) =>
                (JSON.parse(answer.body) as { partitionKey: { paths: string[] } }).partitionKey.paths.map((p) => p.split("/").slice(1)),
            )
            .catch((err: unknown) => {
                this.keyPaths = undefined;
                throw err;
            });
        return this.keyPaths;
    }
}

function keyHeader(partitionKey: PartitionKey): string {
    return asciiJson(Array.isArray(partitionKey) ? partitionKey : [partitionKey]);
}

/** The value at a key path; a missing one is `{}`, as the SDK sends for an item without the key ("undefined" partition). */
function valueAt(body: object, path: readonly string[]): unknown {
    let value: unknown = body;
    for (const part of path) value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined;
    return value === undefined ? {} : value;
}
