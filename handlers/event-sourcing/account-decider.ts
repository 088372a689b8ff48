/**
 * The catalogue's example, the built-in decider: an account is opened, money is deposited and
 * withdrawn; opened, +200, -50 replays to a balance of 150. A withdrawal beyond the balance is
 * refused (422) and stores nothing. Amounts are positive numbers in the account's currency.
 */
import { CommandRejectedError, DecidedEvent, EvolvingEvent, InvalidCommandError } from "./decider";

export type AccountCommand = { type: "open" } | { type: "deposit"; amount: number } | { type: "withdraw"; amount: number };

export interface AccountState {
    readonly open: boolean;
    readonly balance: number;
}

export function initialState(): AccountState {
    return { open: false, balance: 0 };
}

export function decide(command: AccountCommand, state: AccountState): DecidedEvent[] {
    switch (command?.type) {
        case "open":
            if (state.open) throw new CommandRejectedError("the account is already open");
            return [{ type: "AccountOpened", data: { initial_balance: 0 } }];
        case "deposit":
            requireOpen(state);
            return [{ type: "MoneyDeposited", data: { amount: amountOf(command) } }];
        case "withdraw": {
            requireOpen(state);
            const amount = amountOf(command);
            if (amount > state.balance) {
                throw new CommandRejectedError(`insufficient funds: withdrawing ${amount} from a balance of ${state.balance}`);
            }
            return [{ type: "MoneyWithdrawn", data: { amount } }];
        }
        default:
            throw new InvalidCommandError(
                `command type must be one of open, deposit, withdraw, got ${JSON.stringify((command as { type?: unknown })?.type)}`,
            );
    }
}

export function evolve(state: AccountState, event: EvolvingEvent): AccountState {
    const data = event.data as { initial_balance?: number; amount?: number };
    switch (event.type) {
        case "AccountOpened":
            return { open: true, balance: data.initial_balance ?? 0 };
        case "MoneyDeposited":
            return { ...state, balance: state.balance + (data.amount ?? 0) };
        case "MoneyWithdrawn":
            return { ...state, balance: state.balance - (data.amount ?? 0) };
        default:
            // Unknown event types from a newer writer leave the state as it is.
            return state;
    }
}

function requireOpen(state: AccountState): void {
    if (!state.open) throw new CommandRejectedError('the account is not open: send {"type":"open"} first');
}

function amountOf(command: { amount?: unknown }): number {
    const amount = command.amount;
    if (typeof amount !== "number" || !Number.isFinite(amount) || amount <= 0) {
        throw new InvalidCommandError(`amount must be a positive number, got ${JSON.stringify(amount)}`);
    }
    return amount;
}
