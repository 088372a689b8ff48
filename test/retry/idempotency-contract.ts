/**
 * The one contract every idempotency adapter passes against a real peer. Times are explicit
 * epoch-ms values handed to each claim, so expiry and takeover are tested without waiting.
 */
import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { AlreadyInProgressError, Idempotency } from "../../handlers/stores/idempotency/idempotency";
import { IdempotencyStore } from "../../handlers/stores/idempotency/port";

const T0 = 1_900_000_000_000;
const claimAt = (key: string, now: number, token = randomUUID()) => ({
    key,
    token,
    now,
    inProgressUntil: now + 60_000,
    expiresAt: now + 3_600_000,
});

/** The store, with `complete` failing (as a dropped connection would) for its first `failures` calls. */
export function failingComplete(inner: IdempotencyStore, failures: number): IdempotencyStore & { readonly completeCalls: number } {
    let calls = 0;
    return {
        claim: (claim) => inner.claim(claim),
        release: (key, token) => inner.release(key, token),
        get: (key) => inner.get(key),
        async complete(key, token, result, expiresAt) {
            if (++calls <= failures) throw new Error("connection reset while completing");
            return inner.complete(key, token, result, expiresAt);
        },
        get completeCalls() {
            return calls;
        },
    };
}

export function idempotencyContract(store: () => IdempotencyStore): void {
    let n = 0;
    const freshKey = () => `retry-test:${process.pid}-${Date.now()}-${++n}`;

    it("claims an absent key and stores it INPROGRESS with the claimant's token and ms deadlines", async () => {
        const key = freshKey();
        const claim = claimAt(key, T0);
        assert.deepEqual(await store().claim(claim), { acquired: true });
        const record = await store().get(key);
        assert.deepEqual(record, {
            key,
            status: "INPROGRESS",
            token: claim.token,
            inProgressUntil: T0 + 60_000,
            expiresAt: T0 + 3_600_000,
        });
    });

    it("refuses a second claim while the first is in progress, returning the holder's record", async () => {
        const key = freshKey();
        const first = claimAt(key, T0);
        await store().claim(first);
        const second = await store().claim(claimAt(key, T0 + 59_999));
        assert.equal(second.acquired, false);
        assert.equal(!second.acquired && second.existing?.token, first.token);
        assert.equal(!second.acquired && second.existing?.status, "INPROGRESS");
    });

    it("completes a claim and then answers every claim with the stored result until it expires", async () => {
        const key = freshKey();
        const claim = claimAt(key, T0);
        await store().claim(claim);
        assert.equal(await store().complete(key, claim.token, '{"ok":1}', T0 + 3_600_000), true);
        const repeat = await store().claim(claimAt(key, T0 + 3_599_999));
        assert.equal(repeat.acquired, false);
        assert.equal(!repeat.acquired && repeat.existing?.status, "COMPLETED");
        assert.equal(!repeat.acquired && repeat.existing?.result, '{"ok":1}');
    });

    it("lets a new claim replace a COMPLETED record once it has expired", async () => {
        const key = freshKey();
        const claim = claimAt(key, T0);
        await store().claim(claim);
        await store().complete(key, claim.token, "1", T0 + 1_000);
        const later = claimAt(key, T0 + 1_000);
        assert.deepEqual(await store().claim(later), { acquired: true });
        const record = await store().get(key);
        assert.equal(record?.status, "INPROGRESS");
        assert.equal(record?.token, later.token);
        assert.equal(record?.result, undefined);
    });

    it("takes over an INPROGRESS claim past its deadline, after which the old holder cannot complete", async () => {
        const key = freshKey();
        const stale = claimAt(key, T0);
        await store().claim(stale);
        const takeover = claimAt(key, T0 + 60_000);
        assert.deepEqual(await store().claim(takeover), { acquired: true });
        assert.equal(await store().complete(key, stale.token, "stale", T0 + 3_600_000), false);
        assert.equal(await store().complete(key, takeover.token, "fresh", T0 + 3_600_000), true);
        assert.equal((await store().get(key))?.result, "fresh");
    });

    it("releases only the holder's claim, so the next delivery can run", async () => {
        const key = freshKey();
        const claim = claimAt(key, T0);
        await store().claim(claim);
        await store().release(key, "someone-else");
        assert.equal((await store().get(key))?.token, claim.token);
        await store().release(key, claim.token);
        assert.equal(await store().get(key), undefined);
        assert.deepEqual(await store().claim(claimAt(key, T0 + 1)), { acquired: true });
    });

    it("grants exactly one of eight workers racing to claim the same new key", async () => {
        const key = freshKey();
        const claims = Array.from({ length: 8 }, () => claimAt(key, T0));
        const results = await Promise.all(claims.map((c) => store().claim(c)));
        const winners = results.flatMap((r, i) => (r.acquired ? [claims[i].token] : []));
        assert.equal(winners.length, 1);
        assert.equal((await store().get(key))?.token, winners[0]);
        for (const r of results) if (!r.acquired && r.existing) assert.equal(r.existing.token, winners[0]);
    });

    it("grants exactly one of eight workers racing to take over the same abandoned claim", async () => {
        const key = freshKey();
        await store().claim(claimAt(key, T0));
        const claims = Array.from({ length: 8 }, () => claimAt(key, T0 + 120_000));
        const results = await Promise.all(claims.map((c) => store().claim(c)));
        const winners = results.flatMap((r, i) => (r.acquired ? [claims[i].token] : []));
        assert.equal(winners.length, 1);
        assert.equal((await store().get(key))?.token, winners[0]);
    });

    describe("Idempotency.run over this store", () => {
        const idempotency = () => new Idempotency(store(), { scope: "contract", ttlMs: 3_600_000, inProgressMs: 60_000 });

        it("runs the work once for two deliveries and replays the stored result", async () => {
            const part = freshKey();
            let calls = 0;
            const work = async () => `{"call":${++calls}}`;
            assert.deepEqual(await idempotency().run(part, work), { replayed: false, result: '{"call":1}' });
            assert.deepEqual(await idempotency().run(part, work), { replayed: true, result: '{"call":1}' });
            assert.equal(calls, 1);
        });

        it("releases the key when the work fails, so the retry runs it", async () => {
            const part = freshKey();
            await assert.rejects(
                idempotency().run(part, async () => Promise.reject(new Error("boom"))),
                /boom/,
            );
            assert.deepEqual(await idempotency().run(part, async () => "2"), { replayed: false, result: "2" });
        });

        it("retries a complete that fails after the work succeeded: the run has the work's result, and later copies replay it", async () => {
            const part = freshKey();
            let calls = 0;
            const flaky = failingComplete(store(), 2);
            const options = { scope: "contract", ttlMs: 3_600_000, inProgressMs: 60_000 };
            assert.deepEqual(await new Idempotency(flaky, options).run(part, async () => `{"call":${++calls}}`), {
                replayed: false,
                result: '{"call":1}',
            });
            assert.equal(flaky.completeCalls, 3);
            const record = await store().get(idempotency().keyOf(part));
            assert.equal(record?.status, "COMPLETED");
            assert.equal(record?.result, '{"call":1}');
            assert.deepEqual(await idempotency().run(part, async () => `{"call":${++calls}}`), { replayed: true, result: '{"call":1}' });
            assert.equal(calls, 1);
        });

        it("answers with the work's result even when complete never succeeds, and keeps the claim so a copy does not redo the work", async () => {
            const part = freshKey();
            let calls = 0;
            const unrecorded: string[] = [];
            const broken = failingComplete(store(), Infinity);
            const options = {
                scope: "contract",
                ttlMs: 3_600_000,
                inProgressMs: 60_000,
                onUnrecorded: (key: string) => unrecorded.push(key),
            };
            assert.deepEqual(await new Idempotency(broken, options).run(part, async () => `{"call":${++calls}}`), {
                replayed: false,
                result: '{"call":1}',
            });
            assert.deepEqual(unrecorded, [idempotency().keyOf(part)]);
            assert.equal((await store().get(idempotency().keyOf(part)))?.status, "INPROGRESS", "the claim is not released");
            await assert.rejects(
                idempotency().run(part, async () => `{"call":${++calls}}`),
                AlreadyInProgressError,
            );
            assert.equal(calls, 1);
        });

        it("runs the work once when two workers get the same message at the same time", async () => {
            const part = freshKey();
            let calls = 0;
            let finish!: () => void;
            const gate = new Promise<void>((resolve) => (finish = resolve));
            const first = idempotency().run(part, async () => {
                calls++;
                await gate;
                return "done";
            });
            // The second worker arrives once the first one's claim is stored.
            while ((await store().get(idempotency().keyOf(part)))?.status !== "INPROGRESS") await new Promise((r) => setTimeout(r, 5));
            await assert.rejects(
                idempotency().run(part, async () => String(++calls)),
                AlreadyInProgressError,
            );
            finish();
            assert.deepEqual(await first, { replayed: false, result: "done" });
            assert.equal(calls, 1);
        });
    });
}
