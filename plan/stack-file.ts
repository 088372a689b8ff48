/**
 * Reads a Pulumi stack file (`stacks/Pulumi.<stack>.yaml`) into the flat string config the
 * Pulumi runtime takes: structured values become JSON, as `pulumi config set --path` stores them.
 */
import { readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import * as yaml from "js-yaml";

/** This repository's project: unqualified stack keys belong to it when no Pulumi.yaml names another. */
export const PROJECT = "cloud-patterns";

export interface StackFile {
    /** The stack name, from the file name. */
    readonly stack: string;
    readonly path: string;
    /** Fully qualified keys (`cloud-patterns:cloud`) to the runtime's string form of each value. */
    readonly config: Record<string, string>;
    /** Keys with `secure:` values: only the Pulumi CLI can decrypt them, so the plan leaves them unset. */
    readonly secrets?: readonly string[];
}

/** How `parseStackConfig` marks a `secure:` value. */
export const SECRET = "[secret]";

const STACK_FILE = /^Pulumi\.(.+)\.ya?ml$/;

/** Every stack file in `dir`, sorted by stack name. */
export function stackFilesIn(dir: string): string[] {
    return readdirSync(dir)
        .filter((f) => STACK_FILE.test(f))
        .sort()
        .map((f) => join(dir, f));
}

export function readStackFile(path: string, project: string = PROJECT): StackFile {
    const match = STACK_FILE.exec(basename(path));
    if (!match) throw new Error(`${path}: not a stack file; stack files are named Pulumi.<stack>.yaml`);
    let text: string;
    try {
        text = readFileSync(path, "utf8");
    } catch (err) {
        throw new Error(`${path}: cannot read the stack file: ${(err as Error).message}`, { cause: err });
    }
    const config = parseStackConfig(text, path, project);
    const secrets = Object.keys(config).filter((k) => config[k] === SECRET);
    for (const k of secrets) delete config[k];
    return { stack: match[1], path, config, secrets };
}

/** Parses a stack file's text; every error names the file, and the line where YAML gives one. */
export function parseStackConfig(text: string, path: string, project: string = PROJECT): Record<string, string> {
    let docs: unknown[];
    try {
        // loadAll: js-yaml 5's load() refuses an empty stream, and an empty stack file is an empty config.
        docs = yaml.loadAll(text, { filename: path });
    } catch (err) {
        const where = err instanceof yaml.YAMLException && err.mark ? ` at line ${err.mark.line + 1}, column ${err.mark.column + 1}` : "";
        throw new Error(
            `${path}: the stack file is not valid YAML: ${err instanceof yaml.YAMLException ? err.reason : String(err)}${where}`,
            { cause: err },
        );
    }
    if (docs.length > 1) throw new Error(`${path}: a stack file is one YAML document, found ${docs.length}`);
    const doc = docs[0];
    if (doc === undefined || doc === null) return {};
    if (!isRecord(doc)) throw new Error(`${path}: a stack file must be a mapping with a 'config' key, got ${describe(doc)}`);
    const config = doc.config ?? {};
    if (!isRecord(config)) throw new Error(`${path}: 'config' must be a mapping of keys to values, got ${describe(config)}`);
    const flat: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) {
        // Unqualified keys belong to the project, as in `pulumi config set cloud aws`.
        const qualified = key.includes(":") ? key : `${project}:${key}`;
        flat[qualified] = runtimeValue(value, `${path}: config '${qualified}'`);
    }
    return flat;
}

function runtimeValue(value: unknown, where: string): string {
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    if (value === null) throw new Error(`${where} has no value; give it one or remove the key`);
    // Secrets are ciphertext only the Pulumi CLI can decrypt; the plan needs no secret values.
    if (isRecord(value) && Object.keys(value).length === 1 && typeof value.secure === "string") return SECRET;
    return JSON.stringify(value);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
    return Array.isArray(v) ? "a list" : `${typeof v} ${JSON.stringify(v)}`;
}
