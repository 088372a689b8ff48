/**
 * The one way args are checked, with the one wording every error uses:
 * `<owner>: <field> must be <rule>, got <value>`, where the owner is `<Component> '<name>'` for a
 * pattern and `<name> (<service>)` for a building block. Nothing here declares a resource.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Inclusive bounds; `max` may be `Infinity` (then the rule reads `>= min`). */
export type Range = readonly [min: number, max: number];

/** The value as the error shows it: JSON, so a string in quotes stands apart from a number. */
function shown(value: unknown): string {
    return JSON.stringify(value) ?? String(value);
}

function bounds([min, max]: Range): string {
    return max === Infinity ? `>= ${min}` : `from ${min} to ${max}`;
}

function because(why: string | undefined): string {
    return why ? ` (${why})` : "";
}

export class ArgsValidator {
    constructor(readonly owner: string) {}

    /** For a pattern: `<Component> '<name>'`. */
    static forComponent(component: string, name: string): ArgsValidator {
        return new ArgsValidator(`${component} '${name}'`);
    }

    /** Throws `<owner>: <field> must be <rule>, got <value>`, and what the value turned out to be (`note`). */
    fail(field: string, rule: string, value: unknown, note?: string): never {
        throw new Error(`${this.owner}: ${field} must be ${rule}, got ${shown(value)}${because(note)}`);
    }

    /** Throws `<owner>: <message>`, for a rule that spans fields. */
    refuse(message: string): never {
        throw new Error(`${this.owner}: ${message}`);
    }

    /** An integer within `range`; returns it. */
    integer(field: string, value: number, range: Range, why?: string): number {
        if (typeof value !== "number" || !Number.isInteger(value) || value < range[0] || value > range[1]) {
            this.fail(field, `an integer ${bounds(range)}${because(why)}`, value);
        }
        return value;
    }

    /** A finite number within `range`; returns it. */
    number(field: string, value: number, range: Range, why?: string): number {
        if (typeof value !== "number" || !Number.isFinite(value) || value < range[0] || value > range[1]) {
            this.fail(field, `a number ${bounds(range)}${because(why)}`, value);
        }
        return value;
    }

    /** One of `allowed`; returns it. */
    oneOf<T extends string>(field: string, value: T, allowed: readonly T[]): T {
        if (!allowed.includes(value)) this.fail(field, `one of ${allowed.join(", ")}`, value);
        return value;
    }

    /** An integer from a fixed list (`allowed`, ascending); returns it. */
    listed(field: string, value: number, allowed: readonly number[], why?: string): number {
        if (typeof value !== "number" || !allowed.includes(value)) this.fail(field, `one of ${allowed.join(", ")}${because(why)}`, value);
        return value;
    }

    /** True or false; returns it. */
    boolean(field: string, value: boolean): boolean {
        if (typeof value !== "boolean") this.fail(field, "true or false", value);
        return value;
    }

    /** A non-empty string; `rule` says what it is, e.g. "the service's target namespace, e.g. 'urn:legacy-orders'". */
    string(field: string, value: unknown, rule = "a non-empty string"): string {
        if (typeof value !== "string" || value === "") this.fail(field, rule, value);
        return value;
    }

    /**
     * A user module given as a path: resolved against the working directory (where `pulumi up`
     * runs), and a file. `exporting` says what the module must export, for the error.
     */
    moduleFile(field: string, value: string | undefined, exporting: string): string | undefined {
        if (value === undefined) return undefined;
        if (typeof value !== "string" || value === "") this.fail(field, `the path of a module exporting ${exporting}`, value);
        const resolved = path.resolve(value);
        if (!fs.statSync(resolved, { throwIfNoEntry: false })?.isFile()) {
            this.fail(field, `the path of a module file exporting ${exporting}`, value, `resolved to ${resolved}, which is not a file`);
        }
        return resolved;
    }
}
