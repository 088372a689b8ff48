/**
 * `cloud-patterns dev --smoke --faults "store: throttle=1"` on each dev stack, for what the stores'
 * patterns promise under a throttled store, on the real bundles and peers (DynamoDB Local, the
 * local Cosmos DB peer, the Firestore and Spanner emulators): every store call goes through the
 * faults' proxy and is refused in the service's own shape (DynamoDB's
 * ProvisionedThroughputExceededException, Cosmos DB's 429, Google's RESOURCE_EXHAUSTED), so Event
 * Sourcing answers each append with its retryable 500 problem document and stores nothing (read
 * back with the faults lifted), and the Sharding router, on Azure from the Cosmos DB bundle,
 * answers its retryable 500 for every key (aws-dev's router: retry-faults.test.ts). Last, a partly
 * throttled store: whatever was acknowledged is stored, exactly once, and published.
 */
import * as assert from "node:assert/strict";
import { runDev } from "../../plan/dev/command";

async function smokeRun(stack: string, faults: string): Promise<string[]> {
    let text = "";
    const code = await runDev({ stack, faults, smoke: true, stacksDir: "stacks", out: (t) => (text += t) });
    assert.equal(code, 0, text);
    return text.split("\n");
}

const outcome = (lines: string[], pattern: string) => lines.find((l) => new RegExp(`^(ok|FAIL|skip) +${pattern}: `).test(l)) ?? "";

/** Event Sourcing's line when the store refused every call: seven 500s, nothing stored. */
const EVERY_APPEND_REFUSED = new RegExp(
    "^ok +EventSourcing: open -> 500, deposit -> 500, the deposit again -> 500, 4 concurrent deposits -> 0 x 201 \\+ 0 x 409 \\+ 4 x 500, " +
        "GET -> 404 version \\? balance \\?, stored 0 events, exactly the acknowledged appends, " +
        "(?:published 0 distinct events in 0 deliveries, each an acknowledged append, )?" +
        "store calls (\\d+), throttled \\1, held 0; 500 \\(retryable\\) for 7 of 7 appends: the store refused; stored events read back with the faults lifted$",
);

const EVERY_KEY_REFUSED =
    /^ok +Sharding: order-1001 -> shard-2, order-1002 -> shard-2, order-1003 -> shard-0, order-1004 -> shard-2, order-1005 -> shard-0 \(PUT, GET back, GET \/shards\/\{key\} for each\); store calls (\d+), throttled \1, held 0; 500 \(retryable\) for order-1001, order-1002, order-1003, order-1004, order-1005: the store refused$/;

describe("cloud-patterns dev --smoke --faults: Event Sourcing and Sharding under a throttled store", function () {
    this.timeout(900_000);

    it("aws-dev: DynamoDB's ProvisionedThroughputExceededException on every call: Event Sourcing's 500s, nothing stored", async () => {
        const lines = await smokeRun("aws-dev", "seed=4; store: throttle=1");
        assert.match(outcome(lines, "EventSourcing"), EVERY_APPEND_REFUSED);
        assert.ok(lines.some((l) => /^\[accounts\] accounts-command: .*ProvisionedThroughputExceededException/.test(l)));
    });

    it("azure-dev: Cosmos DB's 429 on every call (retried by the client, then given up): 500s, nothing stored, nothing published", async () => {
        const lines = await smokeRun("azure-dev", "seed=4; store: throttle=1");
        assert.match(outcome(lines, "EventSourcing"), EVERY_APPEND_REFUSED);
        // The REST client retries a 429 nine times after x-ms-retry-after-ms, as the SDK does: ten calls per store request.
        const [, esCalls] = EVERY_APPEND_REFUSED.exec(outcome(lines, "EventSourcing"))!;
        assert.equal(Number(esCalls) % 10, 0, esCalls);
        assert.match(outcome(lines, "Sharding"), EVERY_KEY_REFUSED);
        // The router's point read, refused at the proxy; the bundle signed in with its managed identity, audience the account it was given.
        assert.ok(lines.includes("[orders-shards] store GET /dbs/sharding/colls/items/docs/order-1001 -> throttled (fault injected)"));
        assert.ok(lines.some((l) => /^\[orders-shards\] managed identity: token for http:\/\/127\.0\.0\.1:\d+$/.test(l)));
        assert.ok(!lines.some((l) => l.startsWith("--faults store: not applied")));
    });

    it("gcp-dev: RESOURCE_EXHAUSTED from Firestore and Spanner: Event Sourcing's 500s with nothing stored, the router's 500s", async () => {
        const lines = await smokeRun("gcp-dev", "seed=4; store: throttle=1");
        assert.match(outcome(lines, "EventSourcing"), EVERY_APPEND_REFUSED);
        assert.match(outcome(lines, "Sharding"), EVERY_KEY_REFUSED);
        assert.ok(lines.some((l) => /^\[accounts\] accounts-command: .*Firestore answered 429 RESOURCE_EXHAUSTED/.test(l)));
    });

    it("azure-dev, a third of the store calls throttled: each acknowledged append stored once, and published", async () => {
        const lines = await smokeRun("azure-dev", "seed=3; store: throttle=0.3");
        assert.match(
            outcome(lines, "EventSourcing"),
            /^ok +EventSourcing: .*stored (\d+) events, exactly the acknowledged appends, published \1 distinct events in \d+ deliveries, each an acknowledged append, store calls \d+, throttled [1-9]\d*, held 0/,
        );
    });
});
