/**
 * The rule of docs/platform.md: components/ imports handlers/ only as types, by entry path, or as
 * values from pure modules (runtime imports only of other pure handler modules; no package, no
 * `node:` builtin, no `process`, no `require`).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "../..");
const HANDLERS = path.join(ROOT, "handlers");

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) return sourceFiles(file);
        return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [file] : [];
    });
}

function parse(file: string): ts.SourceFile {
    return ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
}

/** The specifiers a module imports (or re-exports) at run time: type-only ones are erased. */
function runtimeImports(source: ts.SourceFile): string[] {
    const specifiers: string[] = [];
    for (const statement of source.statements) {
        if (ts.isImportDeclaration(statement)) {
            const clause = statement.importClause;
            const bindings = clause?.namedBindings;
            const typeOnly =
                clause !== undefined &&
                (clause.isTypeOnly ||
                    (clause.name === undefined &&
                        bindings !== undefined &&
                        ts.isNamedImports(bindings) &&
                        bindings.elements.length > 0 &&
                        bindings.elements.every((e) => e.isTypeOnly)));
            if (!typeOnly) specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
        } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) {
            const clause = statement.exportClause;
            const typeOnly =
                clause !== undefined &&
                ts.isNamedExports(clause) &&
                clause.elements.length > 0 &&
                clause.elements.every((e) => e.isTypeOnly);
            if (!typeOnly) specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
        }
    }
    return specifiers;
}

function resolveRelative(from: string, specifier: string): string | undefined {
    if (!specifier.startsWith(".")) return undefined;
    const base = path.resolve(path.dirname(from), specifier);
    return [`${base}.ts`, path.join(base, "index.ts")].find((file) => fs.existsSync(file));
}

/** Why `file` is not pure, or undefined when it is (checked through its runtime imports). */
function impurity(file: string, seen = new Set<string>()): string | undefined {
    if (seen.has(file)) return undefined;
    seen.add(file);
    const source = parse(file);
    const text = source.getFullText();
    if (/\bprocess\s*\./.test(text)) return `${path.relative(ROOT, file)} reads process`;
    if (/\brequire\s*\(/.test(text)) return `${path.relative(ROOT, file)} calls require`;
    for (const specifier of runtimeImports(source)) {
        const target = resolveRelative(file, specifier);
        if (target === undefined || !target.startsWith(HANDLERS + path.sep))
            return `${path.relative(ROOT, file)} imports '${specifier}' at run time`;
        const why = impurity(target, seen);
        if (why) return why;
    }
    return undefined;
}

describe("components import handlers only as types, by entry path, or from pure modules", () => {
    const valueImports = sourceFiles(path.join(ROOT, "components")).flatMap((file) =>
        runtimeImports(parse(file))
            .map((specifier) => resolveRelative(file, specifier))
            .filter((target): target is string => target !== undefined && target.startsWith(HANDLERS + path.sep))
            .map((target) => ({ from: path.relative(ROOT, file), target })),
    );

    it("finds the value imports it checks (the rule is exercised)", () => {
        const targets = new Set(valueImports.map((i) => path.relative(ROOT, i.target)));
        for (const expected of [
            "handlers/config-env.ts",
            "handlers/event-sourcing/settings-document.ts",
            "handlers/anti-corruption-layer/mapping.ts",
        ]) {
            assert.ok(targets.has(expected), `${expected} is imported as a value by components/`);
        }
    });

    it("imports nothing impure as a value", () => {
        const impure = valueImports.map(({ from, target }) => ({ from, why: impurity(target) })).filter((i) => i.why !== undefined);
        assert.deepEqual(impure, []);
    });

    it("tells a module that does I/O apart from a pure one", () => {
        assert.match(impurity(path.join(HANDLERS, "config.ts")) ?? "", /handlers\/config.ts reads process/);
        assert.match(impurity(path.join(HANDLERS, "stores/clients/dynamodb.ts")) ?? "", /imports '@aws-sdk\//);
        assert.equal(impurity(path.join(HANDLERS, "gateway-aggregation/settings-document.ts")), undefined);
    });
});
