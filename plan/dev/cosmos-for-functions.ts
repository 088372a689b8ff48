/**
 * The local Cosmos DB peer (@vercel/cosmosdb-server) as a pattern's deployed functions reach it:
 * the databases and containers its program declared, made on the peer; the function app's managed
 * identity from a local identity endpoint (the bundles sign in with Microsoft Entra ID, as
 * deployed: the components turn local auth off, and the peer takes any bearer token); and the
 * run's `store` faults on a proxy in front of the peer, answering throttled calls as Cosmos DB does.
 */
import { startManagedIdentity } from "./stand-ins/managed-identity";
import { createRecordedContainers } from "./cosmos-containers";
import type { StackPattern } from "./stack-functions";
import { faultedStore, type StoreFaultProxy } from "./store-fault-proxy";
import type { DevContext } from "./wiring";

export interface CosmosForFunctions {
    /** The account endpoint to put in the functions' settings: the peer, or the faults' proxy in front of it. */
    readonly endpoint: string;
    /** The identity endpoint's variables, and the peer's self-signed certificate accepted. */
    readonly environment: Readonly<Record<string, string>>;
    readonly proxy?: StoreFaultProxy;
    stop(): Promise<void>;
}

export async function cosmosForFunctions(pattern: StackPattern, context: DevContext): Promise<CosmosForFunctions> {
    const peer = await context.peers.get("cosmos");
    const client = peer.client();
    try {
        context.log(`containers on the local Cosmos DB peer: ${(await createRecordedContainers(client, pattern.resources)).join(", ")}`);
    } finally {
        client.dispose();
    }
    const identity = await startManagedIdentity(context.log);
    const local = await faultedStore("cosmos", peer.endpoint, context);
    return {
        endpoint: local.endpoint,
        environment: { ...identity.env, NODE_TLS_REJECT_UNAUTHORIZED: "0" },
        proxy: local.proxy,
        stop: async () => void (await Promise.all([identity.stop(), local.proxy?.stop()])),
    };
}
