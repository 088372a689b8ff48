/**
 * `fetch` signed with SigV4 for an AWS service (OpenSearch: `aoss` for Serverless, `es` for a
 * domain; the JSON-protocol services through aws-json.ts), with the function's role credentials
 * from the default provider chain; `send` is the transport (a test's counting one).
 */
import { createHash, createHmac } from "node:crypto";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { SignatureV4 } from "@smithy/signature-v4";
import type { HttpFetch } from "../read-model/http";

type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytes(data: SourceData): string | Uint8Array {
    if (typeof data === "string") return data;
    return ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
}

/** SHA-256 (HMAC-SHA-256 with a secret) on node:crypto, in the shape SignatureV4 takes. */
class NodeSha256 {
    private readonly hash;

    constructor(secret?: SourceData) {
        this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
    }

    update(data: SourceData): void {
        this.hash.update(bytes(data));
    }

    async digest(): Promise<Uint8Array> {
        return this.hash.digest();
    }
}

/** Static keys or a provider of them (the SDK's credential type). */
export type AwsCredentials = ConstructorParameters<typeof SignatureV4>[0]["credentials"];

export function awsSignedFetch(
    service: string,
    region: string,
    credentials: AwsCredentials = defaultProvider(),
    send: HttpFetch = fetch,
): HttpFetch {
    const signer = new SignatureV4({ service, region, credentials, sha256: NodeSha256 });
    return async (url, init) => {
        const target = new URL(url);
        const signed = await signer.sign({
            method: init.method,
            protocol: target.protocol,
            hostname: target.hostname,
            path: target.pathname,
            query: Object.fromEntries(target.searchParams),
            headers: { ...init.headers, host: target.host },
            body: init.body,
        });
        return send(url, { method: init.method, headers: signed.headers, body: init.body });
    };
}
