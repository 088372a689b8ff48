/** The Retry functions bundle for their clouds, with the user's worker module inside. */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { Cloud } from "../../components/cloud";
import { bundleFunction } from "../../components/platform/bundle";
import { BundleSpec } from "../../components/platform/types";
import { enqueueBundle, functions, HTTP_TARGET_WORKER, workerBundle } from "../../components/retry/functions";

const WORKER = path.resolve(__dirname, "../fixtures/retry/worker.ts");

describe("retry bundles", () => {
    it("lists one worker and one enqueue function per cloud for npm run bundle, the worker defaulting to the HTTP target", () => {
        assert.deepEqual(Object.keys(functions).sort(), ["retry-enqueue", "retry-worker"]);
        for (const cloud of Object.values(Cloud)) {
            const worker = (functions["retry-worker"] as Partial<Record<Cloud, BundleSpec>>)[cloud];
            assert.equal(worker?.userModules?.["cloud-patterns:retry-worker"], HTTP_TARGET_WORKER);
            assert.ok((functions["retry-enqueue"] as Partial<Record<Cloud, BundleSpec>>)[cloud]?.entry.endsWith(`${cloud}-enqueue.ts`));
        }
    });

    for (const [cloud, trigger] of [
        [Cloud.Aws, { kind: "sqs" }],
        [Cloud.Azure, { kind: "service-bus-queue", queueName: "work", connection: "RetryServiceBus" }],
        [Cloud.Gcp, { kind: "cloud-tasks" }],
    ] as const) {
        it(`builds the ${cloud} worker with the user's module, and the ${cloud} enqueue function`, function () {
            this.timeout(60_000);
            const worker = bundleFunction(workerBundle(cloud, trigger, WORKER), cloud, "orders-worker");
            assert.ok(worker.files["index.js"].includes("amount must be a positive number"), "the user's module is bundled");
            const enqueue = bundleFunction(enqueueBundle(cloud), cloud, "orders-enqueue");
            assert.ok(
                !enqueue.files["index.js"].includes("amount must be a positive number"),
                "the enqueue function does not carry the worker",
            );
        });
    }
});
