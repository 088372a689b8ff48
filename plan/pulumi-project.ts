/**
 * The Pulumi project file (`Pulumi.yaml`) of the folder the command runs in: the project name
 * unqualified stack config keys belong to, the program (`main`) and the stack files' folder
 * (`stackConfigDir`), found the way the Pulumi CLI and its nodejs runtime find them.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import * as yaml from "js-yaml";
import { isRecord } from "./stack-file";

export interface PulumiProject {
    readonly name: string;
    /** Absolute path of the program module. */
    readonly program: string;
    /** Absolute path of the folder holding `Pulumi.<stack>.yaml`. */
    readonly stacksDir: string;
}

const PROJECT_FILES = ["Pulumi.yaml", "Pulumi.yml"];

/** The project in `dir`, or undefined when it has no Pulumi.yaml. */
export function readPulumiProject(dir: string): PulumiProject | undefined {
    const file = PROJECT_FILES.map((f) => join(dir, f)).find(existsSync);
    if (!file) return undefined;
    let doc: unknown;
    try {
        doc = yaml.load(readFileSync(file, "utf8"), { filename: file });
    } catch (err) {
        throw new Error(`${file}: the project file is not valid YAML: ${(err as Error).message}`, { cause: err });
    }
    if (!isRecord(doc) || typeof doc.name !== "string" || doc.name === "")
        throw new Error(`${file}: a project file needs a 'name' (a string)`);
    for (const key of ["main", "stackConfigDir"] as const) {
        if (doc[key] !== undefined && typeof doc[key] !== "string")
            throw new Error(`${file}: '${key}' must be a path (a string), got ${JSON.stringify(doc[key])}`);
    }
    const root = resolve(dir);
    return {
        name: doc.name,
        program: programIn(resolve(root, (doc.main as string | undefined) ?? ".")),
        stacksDir: resolve(root, (doc.stackConfigDir as string | undefined) ?? "."),
    };
}

/** A `main` folder runs its package.json `main`, else its index.ts, else index.js, as the nodejs runtime does. */
function programIn(main: string): string {
    if (!existsSync(main) || !statSync(main).isDirectory()) return main;
    const pkg = join(main, "package.json");
    const entry = existsSync(pkg) ? (JSON.parse(readFileSync(pkg, "utf8")) as { main?: unknown }).main : undefined;
    if (typeof entry === "string") return resolve(main, entry);
    return join(main, existsSync(join(main, "index.ts")) ? "index.ts" : "index.js");
}
