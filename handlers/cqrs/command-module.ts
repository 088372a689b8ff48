/**
 * The command module: given a command and the current document, the next document (or null to
 * delete), or a refusal naming the reason. Users supply their own as `commandModule`; the default
 * (default-command.ts) stores the JSON document as sent.
 */
import { hasBrand } from "../error-brand";

export type JsonDocument = Readonly<Record<string, unknown>>;

/** What the HTTP API received: `PUT` replace, `PATCH` merge (RFC 7396), `DELETE`. */
export interface Command {
    readonly kind: "put" | "patch" | "delete";
    readonly id: string;
    /** The request body (absent for delete). */
    readonly body?: JsonDocument;
}

export interface CommandModule {
    /** The next document, or null to delete it; throw {@link CommandRefusedError} to refuse. */
    decide(command: Command, current: JsonDocument | undefined): JsonDocument | null | Promise<JsonDocument | null>;
}

const COMMAND_REFUSED: unique symbol = Symbol.for("cloud-patterns.cqrs.CommandRefusedError");

/**
 * A well-formed command the current document does not allow: HTTP 422 with the reason, nothing
 * stored. Recognised by its brand, so a copy of the class in a user's bundle is recognised too.
 */
export class CommandRefusedError extends Error {
    readonly [COMMAND_REFUSED] = true;

    constructor(readonly reason: string) {
        super(reason);
        this.name = "CommandRefusedError";
    }
}

export const isCommandRefusedError = (err: unknown): err is CommandRefusedError => hasBrand(err, COMMAND_REFUSED);

/** Checks a loaded module exports `decide`, naming what is missing. */
export function asCommandModule(module: Record<string, unknown>, source: string): CommandModule {
    if (typeof module.decide !== "function") {
        throw new Error(`${source} must export a function decide(command, current), got ${typeof module.decide}`);
    }
    return { decide: module.decide as CommandModule["decide"] };
}
