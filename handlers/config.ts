import { CONFIG_ENV } from "./config-env";

export { CONFIG_ENV };

/** A function's settings are missing or malformed; the message names the field and what it must be. */
export class ConfigError extends Error {
    constructor(message: string) {
        super(`${CONFIG_ENV}: ${message}`);
        this.name = "ConfigError";
    }
}

/** Reads typed fields out of the settings document, naming the field on any mismatch. */
export class ConfigReader {
    constructor(
        private readonly value: Record<string, unknown>,
        private readonly path = "",
    ) {}

    private field(name: string): string {
        return this.path ? `${this.path}.${name}` : name;
    }

    private fail(name: string, expected: string, got: unknown): never {
        throw new ConfigError(`'${this.field(name)}' must be ${expected}, got ${JSON.stringify(got) ?? "undefined"}`);
    }

    string(name: string): string {
        const v = this.value[name];
        return typeof v === "string" && v !== "" ? v : this.fail(name, "a non-empty string", v);
    }

    optionalString(name: string): string | undefined {
        return this.value[name] === undefined ? undefined : this.string(name);
    }

    number(name: string, min = -Infinity, max = Infinity): number {
        const v = this.value[name];
        return typeof v === "number" && Number.isFinite(v) && v >= min && v <= max
            ? v
            : this.fail(name, `a number from ${min} to ${max}`, v);
    }

    optionalNumber(name: string, fallback: number, min = -Infinity, max = Infinity): number {
        return this.value[name] === undefined ? fallback : this.number(name, min, max);
    }

    boolean(name: string, fallback: boolean): boolean {
        const v = this.value[name];
        if (v === undefined) return fallback;
        return typeof v === "boolean" ? v : this.fail(name, "true or false", v);
    }

    object(name: string): ConfigReader {
        const v = this.value[name];
        return isRecord(v) ? new ConfigReader(v, this.field(name)) : this.fail(name, "an object", v);
    }

    array(name: string): ConfigReader[] {
        const v = this.value[name];
        if (!Array.isArray(v)) this.fail(name, "an array", v);
        return v.map((item, i) =>
            isRecord(item) ? new ConfigReader(item, `${this.field(name)}[${i}]`) : this.fail(`${name}[${i}]`, "an object", item),
        );
    }

    raw(name: string): unknown {
        return this.value[name];
    }
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Parses {@link CONFIG_ENV} once; `parse` builds the pattern's typed settings from it. */
export function readFunctionConfig<T>(parse: (settings: ConfigReader) => T, env: NodeJS.ProcessEnv = process.env): T {
    const text = env[CONFIG_ENV];
    if (text === undefined || text === "") throw new ConfigError("is not set; the component writes it from its args");
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (err) {
        throw new ConfigError(`is not valid JSON (${(err as Error).message})`);
    }
    if (!isRecord(json)) throw new ConfigError(`must be a JSON object, got ${JSON.stringify(json)}`);
    return parse(new ConfigReader(json));
}
