/**
 * The Spanner REST client against answers in Google's error model (`{ error: { code, message,
 * status } }`, https://cloud.google.com/apis/design/errors), which the emulator's gateway does not
 * send (it answers grpc-gateway's `{ code, message }`; spanner.contract.test.ts covers that path
 * on the real emulator). The answers are written from the v1 REST reference's Session,
 * ResultSet and CommitResponse shapes.
 */
import { strict as assert } from "node:assert";
import { SpannerRestError, spannerRestDatabase } from "../../handlers/stores/clients/spanner-rest";

const DB = "projects/p/instances/i/databases/d";

type Answer = { status: number; body: unknown };

/** A fetch that answers each call from `answer(path, body)` and records the calls. */
function recordedFetch(answer: (path: string, body: Record<string, unknown>, n: number) => Answer) {
    const calls: { path: string; body: Record<string, unknown>; authorization?: string }[] = [];
    const fetchFn = async (url: string | URL | Request, init?: RequestInit) => {
        const path = String(url).replace("https://spanner.googleapis.com/v1/", "");
        const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
        calls.push({ path, body, authorization: (init?.headers as Record<string, string>).authorization });
        const { status, body: out } = answer(path, body, calls.length);
        return new Response(JSON.stringify(out), { status, headers: { "content-type": "application/json" } });
    };
    return { calls, fetch: fetchFn as typeof fetch };
}

const ROW_TYPE = {
    fields: [
        { name: "Id", type: { code: "STRING" } },
        { name: "Version", type: { code: "INT64" } },
    ],
};
const aborted = { status: 409, body: { error: { code: 409, message: "Transaction was aborted.", status: "ABORTED" } } };

describe("Spanner REST client (Google's documented answers)", () => {
    it("reads with a single-use strong transaction, names rows by rowType, and sends the token", async () => {
        const recorded = recordedFetch((path) =>
            path.endsWith("/sessions")
                ? { status: 200, body: { name: `${DB}/sessions/s1` } }
                : { status: 200, body: { metadata: { rowType: ROW_TYPE }, rows: [["lamp", "3"]] } },
        );
        const db = spannerRestDatabase(DB, { token: async () => "tok", fetch: recorded.fetch });
        assert.deepEqual(await db.query({ sql: "SELECT Id, Version FROM T WHERE Id = @id", params: { id: "lamp" } }), [
            { Id: "lamp", Version: "3" },
        ]);
        assert.deepEqual(
            recorded.calls.map((c) => [c.path, c.authorization]),
            [
                [`${DB}/sessions`, "Bearer tok"],
                [`${DB}/sessions/s1:executeSql`, "Bearer tok"],
            ],
        );
        assert.deepEqual(recorded.calls[1].body, {
            sql: "SELECT Id, Version FROM T WHERE Id = @id",
            params: { id: "lamp" },
            paramTypes: { id: { code: "STRING" } },
            transaction: { singleUse: { readOnly: { strong: true } } },
        });
    });

    it("runs the transaction again when the commit is ABORTED, beginning it inline with the first read", async () => {
        let commits = 0;
        const recorded = recordedFetch((path) => {
            if (path.endsWith("/sessions")) return { status: 200, body: { name: `${DB}/sessions/s1` } };
            if (path.endsWith(":executeSql"))
                return { status: 200, body: { metadata: { rowType: ROW_TYPE, transaction: { id: "dHg=" } } } };
            return ++commits === 1 ? aborted : { status: 200, body: { commitTimestamp: "2026-12-01T00:00:00Z" } };
        });
        const db = spannerRestDatabase(DB, { token: null, fetch: recorded.fetch });
        let runs = 0;
        const result = await db.readWrite(async (tx) => {
            runs++;
            assert.deepEqual(await tx.query({ sql: "SELECT 1", params: {} }), []);
            tx.write({ insertOrUpdate: { table: "T", columns: ["Id"], values: [["lamp"]] } });
            return "done";
        });
        assert.deepEqual([result, runs], ["done", 2]);
        const executes = recorded.calls.filter((c) => c.path.endsWith(":executeSql"));
        assert.deepEqual(executes[0].body.transaction, { begin: { readWrite: {} } });
        const lastCommit = recorded.calls.filter((c) => c.path.endsWith(":commit")).at(-1)!;
        assert.deepEqual(lastCommit.body, {
            mutations: [{ insertOrUpdate: { table: "T", columns: ["Id"], values: [["lamp"]] } }],
            transactionId: "dHg=",
        });
        assert.equal(recorded.calls[0].authorization, undefined, "token: null sends no authorization (the emulator)");
    });

    it("rolls back a transaction that wrote nothing, and one whose work threw", async () => {
        const recorded = recordedFetch((path) =>
            path.endsWith("/sessions")
                ? { status: 200, body: { name: `${DB}/sessions/s1` } }
                : path.endsWith(":executeSql")
                  ? { status: 200, body: { metadata: { rowType: ROW_TYPE, transaction: { id: "dHg=" } } } }
                  : { status: 200, body: {} },
        );
        const db = spannerRestDatabase(DB, { token: null, fetch: recorded.fetch });
        await db.readWrite(async (tx) => tx.query({ sql: "SELECT 1" }));
        await assert.rejects(
            db.readWrite(async (tx) => {
                await tx.query({ sql: "SELECT 1" });
                throw new Error("refused");
            }),
            /refused/,
        );
        const ends = recorded.calls.filter((c) => /:(commit|rollback)$/.test(c.path));
        assert.deepEqual(
            ends.map((c) => [c.path.split(":")[1], c.body]),
            [
                ["rollback", { transactionId: "dHg=" }],
                ["rollback", { transactionId: "dHg=" }],
            ],
        );
    });

    it("takes a new session when Spanner no longer knows the one it had", async () => {
        let sessions = 0;
        const recorded = recordedFetch((path) => {
            if (path.endsWith("/sessions")) return { status: 200, body: { name: `${DB}/sessions/s${++sessions}` } };
            if (path.includes("/sessions/s1:"))
                return {
                    status: 404,
                    body: { error: { code: 404, message: `Session not found: ${DB}/sessions/s1`, status: "NOT_FOUND" } },
                };
            return { status: 200, body: { metadata: { rowType: ROW_TYPE }, rows: [] } };
        });
        const db = spannerRestDatabase(DB, { token: null, fetch: recorded.fetch });
        assert.deepEqual(await db.query({ sql: "SELECT 1" }), []);
        assert.deepEqual(await db.query({ sql: "SELECT 1" }), []);
        assert.deepEqual(
            recorded.calls.map((c) => c.path.replace(`${DB}/`, "")),
            ["sessions", "sessions/s1:executeSql", "sessions", "sessions/s2:executeSql", "sessions/s2:executeSql"],
        );
    });

    it("surfaces other refusals with Spanner's status and message, without retrying", async () => {
        const recorded = recordedFetch((path) =>
            path.endsWith("/sessions")
                ? { status: 200, body: { name: `${DB}/sessions/s1` } }
                : { status: 400, body: { error: { code: 400, message: "Table not found: Nope", status: "INVALID_ARGUMENT" } } },
        );
        const db = spannerRestDatabase(DB, { token: null, fetch: recorded.fetch });
        await assert.rejects(db.query({ sql: "SELECT * FROM Nope" }), (err: unknown) => {
            assert.ok(err instanceof SpannerRestError);
            assert.deepEqual([err.httpStatus, err.status, err.detail], [400, "INVALID_ARGUMENT", "Table not found: Nope"]);
            return true;
        });
        assert.equal(recorded.calls.length, 2);
    });
});
