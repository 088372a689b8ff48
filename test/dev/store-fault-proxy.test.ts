/**
 * The `store` faults of `cloud-patterns dev` (plan/dev/store-fault-proxy.ts), in front of the real
 * peers: each store's own SDK must read a throttled answer as that service's throttling error
 * (DynamoDB's ProvisionedThroughputExceededException, retried by the SDK before it gives up;
 * Spanner's RESOURCE_EXHAUSTED), and calls not drawn pass through to the peer unchanged.
 */
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import * as assert from "node:assert/strict";
import { SpannerRestError, spannerRestDatabase } from "../../handlers/stores/clients/spanner-rest";
import { StoreFaultProxy, startStoreFaultProxy } from "../../plan/dev/store-fault-proxy";
import { usePeer } from "../support/peers";

describe("dev: store faults on a proxy in front of the peer", function () {
    this.timeout(120_000);
    let proxy: StoreFaultProxy | undefined;
    afterEach(async () => proxy?.stop());

    describe("DynamoDB Local", () => {
        const peer = usePeer("dynamodb-local");

        it("throttle=1: the SDK sees ProvisionedThroughputExceededException, after its own retries", async () => {
            proxy = await startStoreFaultProxy("dynamodb", peer.endpoint, { throttle: 1, timeout: 0, latencyMs: 0 }, 1, () => undefined);
            const client = new (await import("@aws-sdk/client-dynamodb")).DynamoDBClient({ ...peer.clientConfig, endpoint: proxy.url });
            try {
                let attempts = 0;
                await assert.rejects(client.send(new ListTablesCommand({})), (err: Error & { $metadata: { attempts?: number } }) => {
                    assert.equal(err.name, "ProvisionedThroughputExceededException");
                    attempts = err.$metadata.attempts ?? 0;
                    return true;
                });
                // The SDK retried the throttled call before giving up, and every attempt was throttled.
                assert.ok(attempts > 1, `attempts: ${attempts}`);
                assert.deepEqual(proxy.counts, { calls: attempts, throttled: attempts, timedOut: 0 });
            } finally {
                client.destroy();
            }
        });

        it("throttle=0: every call reaches the peer", async () => {
            proxy = await startStoreFaultProxy("dynamodb", peer.endpoint, { throttle: 0, timeout: 0, latencyMs: 0 }, 1, () => undefined);
            const client = new (await import("@aws-sdk/client-dynamodb")).DynamoDBClient({ ...peer.clientConfig, endpoint: proxy.url });
            try {
                const { TableNames } = await client.send(new ListTablesCommand({}));
                assert.ok(Array.isArray(TableNames));
                assert.deepEqual(proxy.counts, { calls: 1, throttled: 0, timedOut: 0 });
            } finally {
                client.destroy();
            }
        });
    });

    describe("Spanner emulator (REST)", () => {
        const peer = usePeer("spanner");

        it("throttle=1: the REST client sees RESOURCE_EXHAUSTED", async () => {
            const database = await peer.createDatabase(`faults-${peer.namespace}`.slice(0, 30), [
                "CREATE TABLE T (Id STRING(64) NOT NULL) PRIMARY KEY (Id)",
            ]);
            assert.deepEqual(await database.query({ sql: "SELECT 1 AS One" }), [{ One: "1" }]);
            proxy = await startStoreFaultProxy("google-rest", peer.endpoint, { throttle: 1, timeout: 0, latencyMs: 0 }, 1, () => undefined);
            const name = `projects/${peer.projectId}/instances/${peer.instanceId}/databases/${`faults-${peer.namespace}`.slice(0, 30)}`;
            const faulted = spannerRestDatabase(name, { endpoint: proxy.url, token: null });
            await assert.rejects(faulted.query({ sql: "SELECT 1 AS One" }), (err: Error) => {
                assert.ok(err instanceof SpannerRestError, String(err));
                assert.equal(err.status, "RESOURCE_EXHAUSTED");
                return true;
            });
        });
    });
});
