/**
 * The `store` faults of `cloud-patterns dev`, where the cloud would have them: an HTTP proxy in
 * front of the store's peer that throttles a drawn share of calls in the store's own error shape
 * (so the function's SDK retries and gives up exactly as it would against the service), holds a
 * drawn share without answering (a timeout, as the client sees it), and adds latency to the rest.
 *
 * Throttling, as each service answers it:
 * - DynamoDB: HTTP 400, `__type` ...#ProvisionedThroughputExceededException (the AWS SDKs retry it
 *   with backoff: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html).
 * - Cosmos DB: HTTP 429 with `x-ms-retry-after-ms` and substatus 3200 (request rate too large;
 *   https://learn.microsoft.com/rest/api/cosmos-db/http-status-codes-for-cosmosdb).
 * - Google APIs over REST (Firestore, and the Spanner emulator's gateway): HTTP 429 with the error
 *   model Google documents for every API, `{ error: { code: 429, message, status: "RESOURCE_EXHAUSTED",
 *   details: [ErrorInfo] } }` (https://cloud.google.com/apis/design/errors, https://google.aip.dev/193;
 *   Firestore's own list: https://cloud.google.com/firestore/docs/understand-error-codes).
 *
 * The proxy listens on plain HTTP; an HTTPS peer (the local Cosmos DB peer's self-signed
 * certificate) is reached over TLS behind it.
 */
import { createServer, IncomingMessage, request as httpRequest, ServerResponse } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { faultDraws, StoreFaults } from "./faults";
import { listenLocal } from "./listen-local";
import type { DevContext } from "./wiring";

/** Whose error shape a throttled call is answered in. */
export type StoreDialect = "dynamodb" | "cosmos" | "google-rest";

export interface StoreFaultProxy {
    /** Base URL to point the function's SDK at, `http://127.0.0.1:<port>`. */
    readonly url: string;
    /** Calls seen, and how many of them were throttled or held. */
    readonly counts: { calls: number; throttled: number; timedOut: number };
    /** Injects no more faults: later calls pass through (a smoke run reading back what the store kept). */
    lift(): void;
    stop(): Promise<void>;
}

/** How long a held call waits before the proxy lets it go: past any client's timeout, bounded so the run can stop. */
const HOLD_MS = 120_000;

function throttle(dialect: StoreDialect, res: ServerResponse): void {
    switch (dialect) {
        case "dynamodb":
            res.writeHead(400, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "dev-fault" });
            res.end(
                JSON.stringify({
                    __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
                    message: "The level of configured provisioned throughput for the table was exceeded (--faults store: throttle)",
                }),
            );
            return;
        case "cosmos":
            res.writeHead(429, { "content-type": "application/json", "x-ms-retry-after-ms": "100", "x-ms-substatus": "3200" });
            res.end(JSON.stringify({ code: "TooManyRequests", message: "Request rate is large (--faults store: throttle)" }));
            return;
        case "google-rest":
            res.writeHead(429, { "content-type": "application/json" });
            res.end(
                JSON.stringify({
                    error: {
                        code: 429,
                        message: "Quota exceeded (--faults store: throttle)",
                        status: "RESOURCE_EXHAUSTED",
                        details: [
                            {
                                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                                reason: "RATE_LIMIT_EXCEEDED",
                                domain: "googleapis.com",
                            },
                        ],
                    },
                }),
            );
            return;
    }
}

/** The local peers' certificates are self-signed; only they are ever upstream of the proxy. */
const localPeerAgent = new HttpsAgent({ rejectUnauthorized: false, keepAlive: true });

function forward(upstream: URL, req: IncomingMessage, res: ServerResponse): void {
    const tls = upstream.protocol === "https:";
    const out = (tls ? httpsRequest : httpRequest)(
        {
            host: upstream.hostname,
            port: upstream.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: upstream.host },
            ...(tls && { agent: localPeerAgent }),
        },
        (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
        },
    );
    out.on("error", () => res.destroy());
    req.pipe(out);
}

/** Starts the proxy on 127.0.0.1 in front of `upstream` (the peer's HTTP endpoint). */
export async function startStoreFaultProxy(
    dialect: StoreDialect,
    upstream: string,
    faults: StoreFaults,
    seed: number,
    log: (line: string) => void,
): Promise<StoreFaultProxy> {
    const target = new URL(upstream);
    const draw = faultDraws(seed, "store");
    const counts = { calls: 0, throttled: 0, timedOut: 0 };
    let lifted = false;
    const server = createServer((req, res) => {
        if (lifted) return forward(target, req, res);
        counts.calls++;
        // One draw decides the call: throttled, held, or passed on (after the latency).
        const roll = draw();
        const act = () => {
            if (roll < faults.throttle) {
                counts.throttled++;
                log(`store ${req.method} ${req.url} -> throttled (fault injected)`);
                req.resume();
                throttle(dialect, res);
            } else if (roll < faults.throttle + faults.timeout) {
                counts.timedOut++;
                log(`store ${req.method} ${req.url} -> no answer (fault injected: timeout)`);
                req.resume();
                const timer = setTimeout(() => res.destroy(), HOLD_MS).unref();
                res.on("close", () => clearTimeout(timer));
            } else forward(target, req, res);
        };
        if (faults.latencyMs) setTimeout(act, faults.latencyMs).unref();
        else act();
    });
    // Stopping cuts every open connection, the held ones too.
    return { ...(await listenLocal(server)), counts, lift: () => void (lifted = true) };
}

/** The run's `store` faults on a proxy in front of `endpoint` when the spec has any, else the endpoint itself. */
export async function faultedStore(
    dialect: StoreDialect,
    endpoint: string,
    context: Pick<DevContext, "faults" | "log">,
): Promise<{ endpoint: string; proxy?: StoreFaultProxy }> {
    if (!context.faults.store) return { endpoint };
    const proxy = await startStoreFaultProxy(dialect, endpoint, context.faults.store, context.faults.seed, context.log);
    return { endpoint: proxy.url, proxy };
}
