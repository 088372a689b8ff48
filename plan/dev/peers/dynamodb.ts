import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { PeerBasics } from "./peer";

/** What a DynamoDB-compatible peer (DynamoDB Local or dynalite) gives a suite. */
export interface DynamoPeer extends PeerBasics {
    readonly region: string;
    /** Ready to spread into `new DynamoDBClient({...})`, or to hand the functions' own client (handlers/stores/clients/dynamodb.ts). */
    readonly clientConfig: DynamoPeerClientConfig;
    /** A new client pointed at the peer. */
    client(): DynamoDBClient;
    /** What the peer implements; a shared contract suite skips the rest by name. */
    readonly supports: { readonly transactions: boolean; readonly streams: boolean };
}

/** A static endpoint, region and keys: what both the SDK's clients and the functions' own DynamoDB client take. */
export interface DynamoPeerClientConfig {
    readonly endpoint: string;
    readonly region: string;
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

const region = "us-east-1";
// Neither peer checks signatures; fixed keys keep the SDK from looking for real ones.
const credentials = { accessKeyId: "test", secretAccessKey: "test" };

export function dynamoHandle(endpoint: string, namespace: string, supports: DynamoPeer["supports"]): DynamoPeer {
    const clientConfig: DynamoPeerClientConfig = { endpoint, region, credentials };
    return {
        endpoint,
        namespace,
        region,
        clientConfig,
        supports,
        env: {
            AWS_ENDPOINT_URL_DYNAMODB: endpoint,
            AWS_REGION: region,
            AWS_ACCESS_KEY_ID: credentials.accessKeyId,
            AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        },
        client: () => new (loadSdk().DynamoDBClient)(clientConfig),
    };
}

/** Readiness: a real ListTables call, one attempt, no SDK retry backoff. */
export async function listTables(endpoint: string): Promise<void> {
    const sdk = loadSdk();
    const client = new sdk.DynamoDBClient({ endpoint, region, credentials, maxAttempts: 1 });
    try {
        await client.send(new sdk.ListTablesCommand({}));
    } finally {
        client.destroy();
    }
}

// Loaded on first use so that suites which never touch DynamoDB do not pay for the SDK.
function loadSdk(): typeof import("@aws-sdk/client-dynamodb") {
    return require("@aws-sdk/client-dynamodb");
}
