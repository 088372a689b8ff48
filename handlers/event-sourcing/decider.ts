/**
 * The decider (after emmett): `decide(command, state)` answers with the events a command
 * causes, `evolve(state, event)` folds one event in, `initialState()` is the state before any.
 * Users supply their own as `deciderModule`; the account example is the built-in one.
 */
import { hasBrand } from "../error-brand";

/** What `decide` returns: the events to append (none is allowed: a no-op command). */
export interface DecidedEvent {
    readonly type: string;
    readonly data: unknown;
    readonly metadata?: Readonly<Record<string, unknown>>;
}

/** What `evolve` is given: a stored event (it has at least these fields). */
export interface EvolvingEvent {
    readonly type: string;
    readonly data: unknown;
    readonly version: number;
    readonly recordedAt: Date;
}

export interface Decider<Command = unknown, State = unknown> {
    decide(command: Command, state: State): readonly DecidedEvent[] | Promise<readonly DecidedEvent[]>;
    evolve(state: State, event: EvolvingEvent): State;
    initialState(): State;
}

const COMMAND_REJECTED: unique symbol = Symbol.for("cloud-patterns.event-sourcing.CommandRejectedError");
const INVALID_COMMAND: unique symbol = Symbol.for("cloud-patterns.event-sourcing.InvalidCommandError");

/**
 * `decide` refuses a well-formed command the state does not allow (overdraw): HTTP 422, nothing
 * stored. A user's module imports this class; it is recognised by its brand, so a second copy of
 * the class in the bundle is recognised too.
 */
export class CommandRejectedError extends Error {
    readonly [COMMAND_REJECTED] = true;

    constructor(message: string) {
        super(message);
        this.name = "CommandRejectedError";
    }
}

/** The command itself is malformed (unknown type, missing amount): HTTP 400. Branded like {@link CommandRejectedError}. */
export class InvalidCommandError extends Error {
    readonly [INVALID_COMMAND] = true;

    constructor(message: string) {
        super(message);
        this.name = "InvalidCommandError";
    }
}

export const isCommandRejectedError = (err: unknown): err is CommandRejectedError => hasBrand(err, COMMAND_REJECTED);
export const isInvalidCommandError = (err: unknown): err is InvalidCommandError => hasBrand(err, INVALID_COMMAND);

/** Checks a loaded module has the three functions, naming what is missing. */
export function asDecider(module: Record<string, unknown>, source: string): Decider {
    const missing = ["decide", "evolve", "initialState"].filter((name) => typeof module[name] !== "function");
    if (missing.length) {
        throw new Error(
            `decider module ${source} must export functions decide, evolve and initialState; missing or not a function: ${missing.join(", ")}`,
        );
    }
    return module as unknown as Decider;
}
