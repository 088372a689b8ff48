/**
 * The `store` faults of `cloud-patterns dev` (plan/dev/store-fault-proxy.ts) in front of the two
 * peers the first suite (store-fault-proxy.test.ts) leaves out, both stores of Event Sourcing and
 * (Cosmos DB) of Sharding on Azure: the local Cosmos DB peer, an HTTPS server with a self-signed
 * certificate behind the proxy's plain HTTP, and the Firestore emulator. Each store's own client
 * must read a throttled answer as that service's throttling (Cosmos DB's 429, retried after
 * `x-ms-retry-after-ms` as the SDK does, then given up; Firestore's RESOURCE_EXHAUSTED in Google's
 * error model, which its commit retries as the SDK does), calls not drawn reach the peer, and a
 * lifted proxy passes every call on.
 */
import * as assert from "node:assert/strict";
import { CosmosRestClient, CosmosRestError } from "../../handlers/stores/clients/cosmos-rest";
import { firestoreRestDatabase } from "../../handlers/stores/clients/firestore-rest";
import { GoogleApiError } from "../../handlers/stores/clients/google-rest";
import { StoreFaultProxy, startStoreFaultProxy } from "../../plan/dev/store-fault-proxy";
import { usePeer } from "../support/peers";

const THROTTLE_ALL = { throttle: 1, timeout: 0, latencyMs: 0 };
const NONE = { throttle: 0, timeout: 0, latencyMs: 0 };

describe("dev: store faults on a proxy in front of the event stores' peers", function () {
    this.timeout(120_000);
    let proxy: StoreFaultProxy | undefined;
    afterEach(async () => proxy?.stop());

    describe("the local Cosmos DB peer (HTTPS behind the proxy)", () => {
        const peer = usePeer("cosmos");
        const database = () => `faults-${peer.namespace}`;
        before(async () => {
            const client = peer.client();
            try {
                const { database: made } = await client.databases.createIfNotExists({ id: database() });
                await made.containers.createIfNotExists({ id: "items", partitionKey: { paths: ["/id"] } });
            } finally {
                client.dispose();
            }
        });
        const through = (url: string) => new CosmosRestClient(url, { key: peer.key }).database(database()).container("items");

        it("throttle=1: the client sees 429 (substatus 3200) after its own 9 retries, every attempt throttled", async () => {
            proxy = await startStoreFaultProxy("cosmos", peer.endpoint, THROTTLE_ALL, 1, () => undefined);
            await assert.rejects(through(proxy.url).items.create({ id: "a" }), (err: Error) => {
                assert.ok(err instanceof CosmosRestError, String(err));
                assert.equal(err.code, 429);
                assert.equal(err.substatus, 3200);
                return true;
            });
            assert.deepEqual(proxy.counts, { calls: 10, throttled: 10, timedOut: 0 });
            // Nothing reached the peer.
            assert.equal((await peer.rest().database(database()).container("items").item("a", "a").read()).resource, undefined);
        });

        it("throttle=0: the call reaches the peer over TLS", async () => {
            proxy = await startStoreFaultProxy("cosmos", peer.endpoint, NONE, 1, () => undefined);
            await through(proxy.url).items.create({ id: "b", total: 1 });
            const { resource } = await peer.rest().database(database()).container("items").item("b", "b").read<{ total: number }>();
            assert.equal(resource?.total, 1);
            assert.deepEqual(proxy.counts, { calls: 2, throttled: 0, timedOut: 0 });
        });

        it("lifted: throttle=1 no longer applies, and the lifted calls are not counted", async () => {
            proxy = await startStoreFaultProxy("cosmos", peer.endpoint, THROTTLE_ALL, 1, () => undefined);
            proxy.lift();
            await through(proxy.url).items.create({ id: "c" });
            assert.deepEqual(proxy.counts, { calls: 0, throttled: 0, timedOut: 0 });
        });
    });

    describe("the Firestore emulator", () => {
        const peer = usePeer("firestore");
        after(() => peer.clear());

        it("throttle=1: a commit sees RESOURCE_EXHAUSTED (HTTP 429) after the SDK's 5 attempts, and nothing is written", async () => {
            proxy = await startStoreFaultProxy("google-rest", peer.endpoint, THROTTLE_ALL, 1, () => undefined);
            const faulted = firestoreRestDatabase("(default)", { ...peer.options, endpoint: proxy.url });
            await assert.rejects(faulted.commit([{ set: "accounts/a", data: { balance: 1 } }]), (err: Error) => {
                assert.ok(err instanceof GoogleApiError, String(err));
                assert.equal(err.httpStatus, 429);
                assert.equal(err.status, "RESOURCE_EXHAUSTED");
                return true;
            });
            assert.deepEqual(proxy.counts, { calls: 5, throttled: 5, timedOut: 0 });
            assert.equal(await peer.client().get("accounts/a"), undefined);
        });

        it("throttle=0: reads and writes reach the emulator", async () => {
            proxy = await startStoreFaultProxy("google-rest", peer.endpoint, NONE, 1, () => undefined);
            const through = firestoreRestDatabase("(default)", { ...peer.options, endpoint: proxy.url });
            await through.commit([{ set: "accounts/b", data: { balance: 2 } }]);
            assert.deepEqual(await through.get("accounts/b"), { balance: 2 });
            assert.equal(proxy.counts.throttled, 0);
            assert.ok(proxy.counts.calls >= 2, JSON.stringify(proxy.counts));
        });
    });
});
