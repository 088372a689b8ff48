import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import * as ts from "typescript";
import { loadSchema, PropertySpec, Schema } from "./schema-fixture";

const EXAMPLES = path.join(__dirname, "../../examples");
const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Problems of a YAML value against a schema property: unknown keys and missing required ones, with their path. */
function yamlProblems(schema: Schema, property: PropertySpec, value: unknown, at: string): string[] {
    if (property.items && Array.isArray(value)) return value.flatMap((v, i) => yamlProblems(schema, property.items!, v, `${at}[${i}]`));
    if (property.additionalProperties && typeof value === "object" && value !== null) {
        return Object.entries(value).flatMap(([k, v]) => yamlProblems(schema, property.additionalProperties!, v, `${at}.${k}`));
    }
    const type = property.$ref ? schema.types[property.$ref.replace("#/types/", "")] : undefined;
    if (type?.enum)
        return type.enum.some((m) => m.value === value)
            ? []
            : [`${at}: ${JSON.stringify(value)} is not one of ${type.enum.map((m) => m.value).join(", ")}`];
    if (type?.properties) return objectProblems(schema, type.properties, type.required ?? [], value as Record<string, unknown>, at);
    return [];
}
function objectProblems(
    schema: Schema,
    properties: Record<string, PropertySpec>,
    required: string[],
    value: Record<string, unknown>,
    at: string,
): string[] {
    const unknown = Object.keys(value)
        .filter((k) => !(k in properties))
        .map((k) => `${at}.${k}: not an input (${Object.keys(properties).join(", ")})`);
    const missing = required.filter((k) => value[k] === undefined).map((k) => `${at}.${k}: required`);
    return [
        ...unknown,
        ...missing,
        ...Object.entries(value)
            .filter(([k]) => k in properties)
            .flatMap(([k, v]) => yamlProblems(schema, properties[k], v, `${at}.${k}`)),
    ];
}

describe("examples/ against the package", () => {
    let schema: Schema;
    before(async () => {
        schema = await loadSchema();
    });

    it("YAML: every resource is a component of the schema, with its inputs' names, required inputs and enum values", () => {
        const program = yaml.load(fs.readFileSync(path.join(EXAMPLES, "yaml/Pulumi.yaml"), "utf8")) as {
            resources: Record<string, { type: string; properties: Record<string, unknown> }>;
            outputs: Record<string, string>;
        };
        const resources = Object.entries(program.resources);
        assert.ok(resources.length >= 2);
        for (const [name, { type, properties }] of resources) {
            const component = schema.resources[type];
            assert.ok(component, `${name}: ${type} is not in the schema (${Object.keys(schema.resources).join(", ")})`);
            assert.deepEqual(objectProblems(schema, component.inputProperties, component.requiredInputs, properties, name), []);
        }
        for (const [output, expression] of Object.entries(program.outputs)) {
            const [, resource, property] = /^\$\{(\w+)\.(\w+)\}$/.exec(expression) ?? [];
            assert.ok(
                schema.resources[program.resources[resource]?.type]?.properties[property],
                `output ${output}: ${expression} is not an output of the schema`,
            );
        }
    });

    it("Python: each component call uses the snake_case names of the schema's inputs, nested dict keys included", () => {
        const source = fs.readFileSync(path.join(EXAMPLES, "python/__main__.py"), "utf8");
        const calls = [...source.matchAll(/cloud_patterns\.(\w+)\(\n([\s\S]*?)\n\)\n/g)];
        assert.ok(calls.length >= 2, "the example constructs components");
        const everyProperty = new Set(
            [...Object.values(schema.types), ...Object.values(schema.resources).map((r) => ({ properties: r.inputProperties }))].flatMap(
                (t) => Object.keys(t.properties ?? {}),
            ),
        );
        for (const [, component, body] of calls) {
            const resource = schema.resources[`cloud-patterns:index:${component}`];
            assert.ok(resource, `${component} is not a component of the schema`);
            const keywords = [...body.matchAll(/^ {4}(\w+)=/gm)].map((m) => camel(m[1]));
            assert.deepEqual(
                keywords.filter((k) => !(k in resource.inputProperties)),
                [],
                `${component} keywords`,
            );
            for (const required of resource.requiredInputs) assert.ok(keywords.includes(required), `${component}: ${required} is required`);
            // Dict keys naming a property (snake_case identifiers, not routes, tag names or legacy elements).
            const keys = [...body.matchAll(/"([a-z][a-z0-9]*(?:_[a-z0-9]+)+)":/g)].map((m) => camel(m[1]));
            assert.deepEqual(
                keys.filter((k) => !everyProperty.has(k)),
                [],
                `${component} nested keys`,
            );
        }
        for (const [, output] of source.matchAll(/pulumi\.export\("\w+", \w+\.(\w+)\)/g)) {
            assert.ok(
                Object.values(schema.resources).some((r) => camel(output) in r.properties),
                `${output} is an output`,
            );
        }
    });

    it("TypeScript: the program type-checks against the package's own declarations", () => {
        const analysis = ts.readConfigFile(path.join(__dirname, "../../provider/tsconfig.json"), ts.sys.readFile).config as {
            compilerOptions: { paths: Record<string, string[]> };
        };
        const providerDir = path.join(__dirname, "../../provider");
        const paths = Object.fromEntries(
            Object.entries(analysis.compilerOptions.paths).map(([k, v]) => [k, v.map((p) => path.join(providerDir, p))]),
        );
        const program = ts.createProgram([path.join(EXAMPLES, "typescript/index.ts")], {
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            esModuleInterop: true,
            module: ts.ModuleKind.CommonJS,
            moduleResolution: ts.ModuleResolutionKind.Node10,
            target: ts.ScriptTarget.ES2022,
            types: ["node"],
            baseUrl: EXAMPLES,
            // The installed package's name resolves to this repository's entry point.
            paths: { ...paths, "cloud-patterns": [path.join(__dirname, "../../components/index.ts")] },
        });
        // The example's own diagnostics: the package's files see the stubbed cloud SDKs, which only its getters use.
        const example = program.getSourceFile(path.join(EXAMPLES, "typescript/index.ts"));
        const problems = ts.getPreEmitDiagnostics(program, example).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        assert.deepEqual(problems, []);
    });
});
