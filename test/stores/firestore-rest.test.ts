/**
 * The Firestore REST client. Against answers written from the v1 REST reference
 * (BatchGetDocumentsResponse, CommitResponse, google.rpc.Status in Google's error model), for what
 * the emulator will not do on demand: refuse with UNAVAILABLE or ABORTED, drop a connection, need
 * the metadata server. And on the real emulator, for what its REST gateway must accept: document ids
 * as the event log writes them (the stream id URI-encoded: '/', ':', '@' and spaces as %XX), in the
 * body and, percent-encoded again, in the URL. Not a literal '%' (an id holding %25): the emulator
 * decodes %2525 in a URL twice, to '%', unlike the transcoding rule Google documents (google/api/http.proto:
 * decode once), so that case would test the emulator; the HTTP API's stream ids hold no '%'.
 */
import { strict as assert } from "node:assert";
import { firestoreRestDatabase } from "../../handlers/stores/clients/firestore-rest";
import { GoogleApiError } from "../../handlers/stores/clients/google-rest";
import { usePeer } from "../support/peers";

const ROOT = "projects/p1/databases/events-db/documents";

type Answer = { status: number; body: unknown } | "connection refused";

interface Call {
    readonly url: string;
    readonly body?: Record<string, unknown>;
    readonly authorization?: string;
}

/** A fetch answering the metadata server (token, project p1) and each Firestore call from `answer`, recording the Firestore calls. */
function recordedFetch(answer: (path: string, body: Record<string, unknown>, n: number) => Answer) {
    const calls: Call[] = [];
    const fetchFn = async (url: string | URL | Request, init?: RequestInit) => {
        const href = String(url);
        if (href.endsWith("/service-accounts/default/token"))
            return Response.json({ access_token: "ya29.token", expires_in: 3600, token_type: "Bearer" });
        if (href.endsWith("/project/project-id")) return new Response("p1");
        const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
        calls.push({ url: href, body, authorization: (init?.headers as Record<string, string>).authorization });
        const out = answer(href.replace("https://firestore.googleapis.com/v1/", ""), body, calls.length);
        if (out === "connection refused") throw new TypeError("fetch failed");
        return Response.json(out.body, { status: out.status });
    };
    return { calls, fetch: fetchFn as typeof fetch };
}

const refusal = (status: number, name: string, message: string) => ({ status, body: { error: { code: status, message, status: name } } });
const committed = {
    status: 200,
    body: { writeResults: [{ updateTime: "2026-12-01T10:00:00.000001Z" }], commitTime: "2026-12-01T10:00:00.000001Z" },
};

describe("Firestore REST client (Google's documented answers)", function () {
    // Retries back off as the SDK's do, from 1 s.
    this.timeout(60_000);

    it("reads with batchGet under the metadata server's project and token, and decodes the fields", async () => {
        const recorded = recordedFetch(() => ({
            status: 200,
            body: [
                {
                    found: {
                        name: `${ROOT}/streams/a`,
                        fields: {
                            version: { integerValue: "7" },
                            ratio: { doubleValue: 0.5 },
                            recordedAt: { timestampValue: "2026-12-01T10:00:00.123456Z" },
                            tags: { arrayValue: { values: [{ stringValue: "x" }, { nullValue: null }] } },
                            nested: { mapValue: { fields: { ok: { booleanValue: true } } } },
                        },
                        createTime: "2026-12-01T10:00:00.123456Z",
                        updateTime: "2026-12-01T10:00:00.123456Z",
                    },
                    readTime: "2026-12-01T10:00:01Z",
                },
            ],
        }));
        const db = firestoreRestDatabase("events-db", { fetch: recorded.fetch, token: undefined, projectId: undefined });
        assert.deepEqual(await db.get("streams/a"), {
            version: 7,
            ratio: 0.5,
            recordedAt: new Date("2026-12-01T10:00:00.123Z"),
            tags: ["x", null],
            nested: { ok: true },
        });
        assert.deepEqual(recorded.calls, [
            {
                url: `https://firestore.googleapis.com/v1/${ROOT}:batchGet`,
                body: { documents: [`${ROOT}/streams/a`] },
                authorization: "Bearer ya29.token",
            },
        ]);
    });

    it("answers undefined for a missing document", async () => {
        const recorded = recordedFetch(() => ({ status: 200, body: [{ missing: `${ROOT}/streams/b`, readTime: "2026-12-01T10:00:01Z" }] }));
        assert.equal(
            await firestoreRestDatabase("events-db", { projectId: "p1", token: null, fetch: recorded.fetch }).get("streams/b"),
            undefined,
        );
        assert.equal(recorded.calls[0].authorization, undefined, "no token for token: null (the emulator)");
    });

    it("commits creates (exists: false), sets and deletes, encoding numbers, dates and maps as the SDK does and leaving undefined out", async () => {
        const recorded = recordedFetch(() => committed);
        const db = firestoreRestDatabase("events-db", { projectId: "p1", token: null, fetch: recorded.fetch });
        await db.commit([
            {
                set: "streams/a/events/0000000001",
                exists: false,
                data: { version: 1, at: new Date("2026-12-01T10:00:00.123Z"), note: undefined },
            },
            { set: "streams/a", data: { version: 1, ratio: 1.5, big: 2 ** 60, nested: { list: [true, null] } } },
            { delete: "streams/b" },
        ]);
        assert.deepEqual(recorded.calls[0].body, {
            writes: [
                {
                    update: {
                        name: `${ROOT}/streams/a/events/0000000001`,
                        fields: { version: { integerValue: "1" }, at: { timestampValue: "2026-12-01T10:00:00.123Z" } },
                    },
                    currentDocument: { exists: false },
                },
                {
                    update: {
                        name: `${ROOT}/streams/a`,
                        fields: {
                            version: { integerValue: "1" },
                            ratio: { doubleValue: 1.5 },
                            big: { doubleValue: 2 ** 60 },
                            nested: {
                                mapValue: { fields: { list: { arrayValue: { values: [{ booleanValue: true }, { nullValue: null }] } } } },
                            },
                        },
                    },
                },
                { delete: `${ROOT}/streams/b` },
            ],
        });
    });

    it("surfaces ALREADY_EXISTS (HTTP 409, as ABORTED is too) with Firestore's status and message, without retrying", async () => {
        const recorded = recordedFetch(() => refusal(409, "ALREADY_EXISTS", "Document already exists: streams/a/events/0000000001"));
        const db = firestoreRestDatabase("events-db", { projectId: "p1", token: null, fetch: recorded.fetch });
        await assert.rejects(db.commit([{ set: "streams/a/events/0000000001", exists: false, data: {} }]), (err: unknown) => {
            assert.ok(err instanceof GoogleApiError);
            assert.deepEqual([err.httpStatus, err.status], [409, "ALREADY_EXISTS"]);
            assert.match(err.message, /^Firestore answered 409 ALREADY_EXISTS: Document already exists/);
            return true;
        });
        assert.equal(recorded.calls.length, 1);
    });

    it("retries a commit refused UNAVAILABLE, and a read whose connection failed", async () => {
        const commits = recordedFetch((_path, _body, n) =>
            n === 1 ? refusal(503, "UNAVAILABLE", "The service is currently unavailable.") : committed,
        );
        await firestoreRestDatabase("events-db", { projectId: "p1", token: null, fetch: commits.fetch }).commit([{ delete: "streams/a" }]);
        assert.equal(commits.calls.length, 2);

        const reads = recordedFetch((_path, _body, n) =>
            n === 1 ? "connection refused" : { status: 200, body: [{ missing: `${ROOT}/a/b` }] },
        );
        assert.equal(await firestoreRestDatabase("events-db", { projectId: "p1", token: null, fetch: reads.fetch }).get("a/b"), undefined);
        assert.equal(reads.calls.length, 2);
    });

    it("does not retry what the SDK does not: a commit refused INTERNAL, a read refused FAILED_PRECONDITION", async () => {
        const commits = recordedFetch(() => refusal(500, "INTERNAL", "internal error"));
        await assert.rejects(
            firestoreRestDatabase("events-db", { projectId: "p1", token: null, fetch: commits.fetch }).commit([{ delete: "a/b" }]),
            /Firestore answered 500 INTERNAL/,
        );
        assert.equal(commits.calls.length, 1);
        const queries = recordedFetch(() => refusal(400, "FAILED_PRECONDITION", "The query requires an index."));
        await assert.rejects(
            firestoreRestDatabase("events-db", { projectId: "p1", token: null, fetch: queries.fetch }).query("streams/a/events", {
                where: [{ field: "recordedAt", op: "<=", value: new Date(0) }],
                orderBy: { field: "version", direction: "desc" },
            }),
            (err: unknown) => err instanceof GoogleApiError && err.status === "FAILED_PRECONDITION",
        );
        assert.equal(queries.calls.length, 1);
    });

    it("begins a transaction with its first read, commits its writes under it, and runs it again after ABORTED naming the aborted one", async () => {
        let transactions = 0;
        const recorded = recordedFetch((path, _body, n) => {
            if (path.endsWith(":batchGet")) {
                transactions += 1;
                return { status: 200, body: [{ transaction: `dHgt${transactions}` }, { missing: `${ROOT}/keys/k` }] };
            }
            if (path.endsWith(":commit") && n === 2) return refusal(409, "ABORTED", "Transaction lock timeout.");
            return committed;
        });
        const db = firestoreRestDatabase("events-db", { projectId: "p1", token: null, fetch: recorded.fetch });
        let runs = 0;
        const result = await db.runTransaction(async (tx) => {
            runs += 1;
            assert.equal(await tx.get("keys/k"), undefined);
            tx.write({ set: "keys/k", data: { token: "t1" } });
            return "claimed";
        });
        assert.equal(result, "claimed");
        assert.equal(runs, 2);
        assert.deepEqual(
            recorded.calls.map((c) => [c.url.split(":").pop(), c.body?.newTransaction ?? c.body?.transaction]),
            [
                ["batchGet", { readWrite: {} }],
                ["commit", "dHgt1"],
                ["batchGet", { readWrite: { retryTransaction: "dHgt1" } }],
                ["commit", "dHgt2"],
            ],
        );
    });

    it("rolls a transaction back when the work writes nothing or throws, and does not run a throwing work again", async () => {
        const recorded = recordedFetch((path) =>
            path.endsWith(":batchGet")
                ? { status: 200, body: [{ transaction: "dHg=", found: { name: `${ROOT}/keys/k`, fields: {} } }] }
                : { status: 200, body: {} },
        );
        const db = firestoreRestDatabase("events-db", { projectId: "p1", token: null, fetch: recorded.fetch });
        assert.equal(await db.runTransaction(async (tx) => (await tx.get("keys/k")) !== undefined), true);
        let runs = 0;
        await assert.rejects(
            db.runTransaction(async (tx) => {
                runs += 1;
                await tx.get("keys/k");
                throw new Error("the work failed");
            }),
            /the work failed/,
        );
        assert.equal(runs, 1);
        assert.deepEqual(
            recorded.calls.map((c) => [c.url.split(":").pop(), c.body?.transaction]),
            [
                ["batchGet", undefined],
                ["rollback", "dHg="],
                ["batchGet", undefined],
                ["rollback", "dHg="],
            ],
        );
    });
});

describe("Firestore REST client on the emulator: ids the URL and the body must carry unchanged", () => {
    const peer = usePeer("firestore");

    it("writes, reads and queries under a parent whose id holds an encoded '/', ':', '@' and space", async () => {
        const db = peer.client();
        const parent = `streams/${encodeURIComponent("acc/9 user@example:1")}`;
        await db.commit([1, 2, 3].map((version) => ({ set: `${parent}/events/${version}`, exists: false as const, data: { version } })));
        await db.commit([{ set: `streams/${encodeURIComponent("acc/9")}/events/1`, data: { version: 99 } }]);
        assert.deepEqual(await db.get(`${parent}/events/2`), { version: 2 });
        const found = await db.query(`${parent}/events`, {
            where: [{ field: "version", op: ">=", value: 2 }],
            orderBy: { field: "version", direction: "desc" },
        });
        assert.deepEqual(found, [{ version: 3 }, { version: 2 }]);
    });
});
