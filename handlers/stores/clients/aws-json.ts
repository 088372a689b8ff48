/**
 * AWS JSON protocol calls (awsJson1_0, awsJson1_1: DynamoDB, SQS, Secrets Manager) as signed
 * `fetch`, in place of an SDK v3 client: one client with one command is 165–191 KiB of bundle,
 * most of it `@smithy/core`; this is the request, the error and the retry, nothing else.
 *
 * The wire format is Smithy's published protocol
 * (https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html): POST `/` with
 * `X-Amz-Target: <target prefix>.<operation>` and `Content-Type: application/x-amz-json-1.x`; an
 * error's code is the `X-Amzn-Errortype` header or the body's `__type` (or `code`), with any
 * namespace before `#` and anything after `:` dropped, its message the body's `message` (or
 * `Message`).
 */
import { DelegateBackoff, handleWhen, retry } from "cockatiel";
import type { HttpFetch } from "../read-model/http";
import { AwsCredentials, awsSignedFetch } from "./aws-signed-fetch";

/** What a service's SDK client knows about it: its signing name, JSON version, target prefix and retry defaults. */
export interface AwsJsonService {
    /** SigV4 signing name and endpoint prefix (`dynamodb`, `sqs`, `secretsmanager`). */
    readonly signingName: string;
    /** The SDK's service id in `AWS_ENDPOINT_URL_<ID>` (`DYNAMODB`, `SQS`, `SECRETS_MANAGER`). */
    readonly endpointId: string;
    /** The `X-Amz-Target` prefix before the operation's name. */
    readonly targetPrefix: string;
    readonly jsonVersion: "1.0" | "1.1";
    /** Attempts in all, the first one included; the SDK's default is 3 (DynamoDB's 4). */
    readonly maxAttempts: number;
    /** Backoff base for errors that are not throttling, ms; the SDK's default is 50 (DynamoDB's 25). */
    readonly baseDelayMs: number;
}

export interface AwsJsonOptions {
    /** @default `AWS_REGION`, which Lambda sets */
    readonly region?: string;
    /** @default `AWS_ENDPOINT_URL_<ID>`, then `AWS_ENDPOINT_URL`, then `https://<signing name>.<region>.amazonaws.com` */
    readonly endpoint?: string;
    /** @default the environment's credentials (the default chain, as components/platform/bundle.ts builds it for Lambda) */
    readonly credentials?: AwsCredentials;
    /** The transport under the signing. @default fetch */
    readonly fetch?: HttpFetch;
}

/**
 * An AWS service refused a call: `code` is the error's shape name (`ConditionalCheckFailedException`),
 * also its `name` as the SDK's errors have it (so logs and dead-letter reasons read as before), `body` its members.
 */
export class AwsServiceError extends Error {
    constructor(
        readonly code: string,
        readonly status: number,
        message: string,
        readonly body: Readonly<Record<string, unknown>>,
    ) {
        super(message);
        this.name = code;
    }
}

/** Calls one operation with a JSON input and resolves with its JSON output. */
export type AwsJsonCall = <Out = Record<string, unknown>>(operation: string, input: object) => Promise<Out>;

/**
 * The SDK's standard retry mode as @smithy/core 3.41 (node_modules/@smithy/core/dist-cjs/submodules/retry)
 * has it: throttling (429 or one of these codes) and transient failures (500, 502, 503, 504, the
 * timeout codes, a connection reset or refused) are retried; the delay before retry i (0-based)
 * is random × min(base × 2^i, 20 s), base 1 s after throttling and the service's base otherwise.
 * Not matched: the client-wide retry token bucket (500 tokens), which only stops retries after
 * many failures in one process.
 */
const THROTTLING_CODES = new Set([
    "BandwidthLimitExceeded",
    "EC2ThrottledException",
    "LimitExceededException",
    "PriorRequestNotComplete",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "RequestThrottledException",
    "SlowDown",
    "ThrottledException",
    "Throttling",
    "ThrottlingException",
    "TooManyRequestsException",
    "TransactionInProgressException",
]);
const TRANSIENT_CODES = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException"]);
const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);
const NETWORK_CODES = new Set([
    "ECONNRESET",
    "ECONNREFUSED",
    "EPIPE",
    "ETIMEDOUT",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "ENOTFOUND",
    "EAI_AGAIN",
]);
const THROTTLING_DELAY_BASE_MS = 1000;
const MAX_DELAY_MS = 20_000;

function isThrottling(err: unknown): boolean {
    return err instanceof AwsServiceError && (err.status === 429 || THROTTLING_CODES.has(err.code));
}

function isTransient(err: unknown): boolean {
    if (err instanceof AwsServiceError) return TRANSIENT_STATUSES.has(err.status) || TRANSIENT_CODES.has(err.code);
    // fetch rejects with a TypeError whose cause carries the socket's error code.
    const code = (err as { cause?: { code?: unknown } } | undefined)?.cause?.code;
    return err instanceof TypeError && typeof code === "string" && NETWORK_CODES.has(code);
}

/** The error's shape name from the header or body, as the protocol says to read it. */
function errorCode(response: Response, body: Record<string, unknown>): string {
    const raw = response.headers.get("x-amzn-errortype") ?? String(body.__type ?? body.code ?? `Http${response.status}`);
    const name = raw.split(":")[0];
    return name.slice(name.indexOf("#") + 1);
}

/** An error's members; a body that is not JSON (a proxy's page) has none, and its status decides. */
function errorBody(text: string): Record<string, unknown> {
    try {
        const body: unknown = JSON.parse(text);
        return typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
    } catch {
        return {};
    }
}

/** The endpoint the SDK would use (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html). */
function endpointFor(service: AwsJsonService, region: string, override?: string): string {
    const configured = override ?? process.env[`AWS_ENDPOINT_URL_${service.endpointId}`] ?? process.env.AWS_ENDPOINT_URL;
    if (configured) return configured;
    return `https://${service.signingName}.${region}.amazonaws.com${region.startsWith("cn-") ? ".cn" : ""}`;
}

export function awsJsonClient(service: AwsJsonService, options: AwsJsonOptions = {}): AwsJsonCall {
    const region = options.region ?? process.env.AWS_REGION;
    if (!region) throw new Error(`${service.targetPrefix}: no region (AWS_REGION is not set and none was given)`);
    const url = endpointFor(service, region, options.endpoint);
    const signed = awsSignedFetch(service.signingName, region, options.credentials, options.fetch);
    const policy = retry(
        handleWhen((err) => isThrottling(err) || isTransient(err)),
        {
            maxAttempts: service.maxAttempts - 1,
            backoff: new DelegateBackoff(({ attempt, result }) => {
                const base = "error" in result && isThrottling(result.error) ? THROTTLING_DELAY_BASE_MS : service.baseDelayMs;
                return Math.floor(Math.random() * Math.min(base * 2 ** (attempt - 1), MAX_DELAY_MS));
            }),
        },
    );
    const contentType = `application/x-amz-json-${service.jsonVersion}`;
    return (operation, input) =>
        policy.execute(async () => {
            const response = await signed(url, {
                method: "POST",
                headers: { "content-type": contentType, "x-amz-target": `${service.targetPrefix}.${operation}` },
                body: JSON.stringify(input),
            });
            const text = await response.text();
            if (response.ok) return (text === "" ? {} : JSON.parse(text)) as never;
            const body = errorBody(text);
            const message = String(body.message ?? body.Message ?? text);
            throw new AwsServiceError(errorCode(response, body), response.status, message, body);
        });
}
