/** The `--faults` spec of `cloud-patterns dev`: what it accepts, and the error naming the bad part of what it refuses. */
import * as assert from "node:assert/strict";
import { faultDraws, parseFaultSpec } from "../../plan/dev/faults";

const BACKENDS = ["product", "reviews", "recommendations"];

describe("dev --faults spec", () => {
    it("reads every target's settings, with the defaults of what is left out", () => {
        const spec = parseFaultSpec(
            "seed=7; backend.recommendations: status=503; backend.reviews: latency=1.5s status=500 rate=0.25; legacy: latency=300ms; downstream: status=404; store: throttle=0.2, timeout=0.1; queue: duplicate=1",
            BACKENDS,
        );
        assert.deepEqual(spec, {
            seed: 7,
            backends: {
                recommendations: { latencyMs: 0, status: 503, rate: 1 },
                reviews: { latencyMs: 1500, status: 500, rate: 0.25 },
            },
            legacy: { latencyMs: 300, status: undefined, rate: 1 },
            downstream: { latencyMs: 0, status: 404, rate: 1 },
            store: { throttle: 0.2, timeout: 0.1, latencyMs: 0 },
            queue: { drop: 0, duplicate: 1 },
        });
    });

    const refused: [string, RegExp][] = [
        [
            "backend.ratings: status=503",
            /clause 'backend.ratings: status=503': backend 'ratings' is not in the stack; backends are product, reviews, recommendations/,
        ],
        ["cache: status=503", /target must be backend.<name>, legacy, downstream, store or queue, got 'cache'/],
        ["legacy: status=200", /status must be an integer from 400 to 599, got '200'/],
        ["legacy: rate=0.5", /'rate' needs a 'status' to answer/],
        ["store: throttle=1.5", /throttle must be a share from 0 to 1, got '1.5'/],
        ["queue: drop=0.1 drop=0.2", /'drop' is set twice/],
        ["queue: status=500", /'status' is not a setting here; settings are drop, duplicate/],
        ["legacy: latency=5", /latency must be a duration like 300ms or 1.5s, got '5'/],
        ["seed=-1", /seed must be an integer from 0 to 4294967295, got '-1'/],
        ["legacy status=500", /clause 'legacy status=500' must be 'seed=N' or '<target>: key=value \.\.\.'/],
        ["legacy:", /clause 'legacy:' sets nothing/],
    ];
    for (const [spec, message] of refused) {
        it(`refuses '${spec}', naming the bad part`, () => {
            assert.throws(
                () => parseFaultSpec(spec, BACKENDS),
                (err: Error) => err.message.startsWith("--faults: ") && message.test(err.message),
            );
        });
    }

    it("draws the same sequence for a seed and target, another for another seed or target", () => {
        const take = (seed: number, target: string) => Array.from({ length: 5 }, faultDraws(seed, target));
        assert.deepEqual(take(7, "queue"), take(7, "queue"));
        assert.notDeepEqual(take(7, "queue"), take(8, "queue"));
        assert.notDeepEqual(take(7, "queue"), take(7, "store"));
        for (const x of take(7, "queue")) assert.ok(x >= 0 && x < 1);
    });
});
