/**
 * A decider's refusals are recognised by their brand, not their name: a user's module may hold its
 * own copy of the error classes (bundling can duplicate a class), and an error that is merely
 * named like one is an ordinary failure.
 */
import { strict as assert } from "node:assert";
import type { PGlite } from "@electric-sql/pglite";
import type { HttpHandler } from "../../handlers/contracts";
import * as decider from "../../handlers/event-sourcing/decider";
import { createEventSourcingHandler } from "../../handlers/event-sourcing/http";
import type { EventStore } from "../../handlers/stores/event-store/port";
import { pgliteStore } from "../fixtures/event-sourcing/pglite-store";

/** A second, separately evaluated copy of decider.ts: its classes are not the ones http.ts imports. */
function secondCopyOfDecider(): typeof decider {
    const file = require.resolve("../../handlers/event-sourcing/decider");
    const cached = require.cache[file];
    delete require.cache[file];
    try {
        return require(file);
    } finally {
        require.cache[file] = cached;
    }
}

describe("event sourcing: decider errors recognised by brand", function () {
    this.timeout(60_000);
    const copy = secondCopyOfDecider();
    let db: PGlite;
    let store: EventStore;
    before(async () => ({ db, store } = await pgliteStore()));
    after(async () => db.close());

    /** A handler whose decider throws `error` for every command. */
    const throwing = (error: unknown): HttpHandler =>
        createEventSourcingHandler({
            store,
            decider: { initialState: () => ({}), evolve: (s) => s, decide: () => Promise.reject(error) },
            snapshotEvery: 0,
        });
    const send = (handler: HttpHandler) =>
        handler(
            new Request("https://es.example.test/streams/s-1", {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ command: { type: "any" } }),
            }),
        );

    it("the copy's classes are other classes, with the same brand", () => {
        const rejected = new copy.CommandRejectedError("no");
        assert.ok(!(rejected instanceof decider.CommandRejectedError));
        assert.ok(decider.isCommandRejectedError(rejected));
        assert.ok(decider.isInvalidCommandError(new copy.InvalidCommandError("bad")));
        assert.ok(!decider.isCommandRejectedError(new copy.InvalidCommandError("bad")), "one brand is not the other");
    });

    it("answers 422 for a CommandRejectedError of either copy, and stores nothing", async () => {
        for (const ErrorClass of [decider.CommandRejectedError, copy.CommandRejectedError]) {
            const res = await send(throwing(new ErrorClass("insufficient funds")));
            assert.equal(res.status, 422);
            assert.equal(((await res.json()) as { detail: string }).detail, "insufficient funds");
        }
        assert.deepEqual(await store.readStream("s-1"), []);
    });

    it("answers 400 naming the command for an InvalidCommandError of either copy", async () => {
        for (const ErrorClass of [decider.InvalidCommandError, copy.InvalidCommandError]) {
            const res = await send(throwing(new ErrorClass("amount must be a positive number")));
            assert.equal(res.status, 400);
            const body = (await res.json()) as { detail: string; field: string };
            assert.deepEqual([body.detail, body.field], ["amount must be a positive number", "command"]);
        }
    });

    it("treats an error only named CommandRejectedError or InvalidCommandError as a failure (500), not a refusal", async () => {
        const error = console.error;
        console.error = () => {};
        try {
            for (const name of ["CommandRejectedError", "InvalidCommandError"]) {
                const res = await send(throwing(Object.assign(new Error("looks like a refusal"), { name })));
                assert.equal(res.status, 500);
            }
        } finally {
            console.error = error;
        }
    });
});
