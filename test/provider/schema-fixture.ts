/** One schema for every provider test file: inferring it reads the components' sources (seconds). */
import { CloudPatternsProvider } from "../../provider/component-provider";

export interface PropertySpec {
    readonly type?: string;
    readonly $ref?: string;
    readonly plain?: boolean;
    readonly description?: string;
    readonly items?: PropertySpec;
    readonly additionalProperties?: PropertySpec;
}
export interface TypeSpec {
    readonly type: string;
    readonly properties?: Record<string, PropertySpec>;
    readonly required?: string[];
    readonly enum?: { name: string; value: string; description?: string }[];
}
export interface ResourceSpec {
    readonly description?: string;
    readonly isComponent: boolean;
    readonly inputProperties: Record<string, PropertySpec>;
    readonly requiredInputs: string[];
    readonly properties: Record<string, PropertySpec>;
    readonly required: string[];
}
export interface Schema {
    readonly name: string;
    readonly version: string;
    readonly description?: string;
    readonly dependencies?: unknown[];
    readonly resources: Record<string, ResourceSpec>;
    readonly types: Record<string, TypeSpec>;
}

export const provider = new CloudPatternsProvider();
let schema: Promise<Schema> | undefined;

export function loadSchema(): Promise<Schema> {
    schema ??= provider.getSchema().then((s) => JSON.parse(s) as Schema);
    return schema;
}

/** The type a `$ref` names, e.g. `#/types/cloud-patterns:index:Cloud`. */
export function typeOf(s: Schema, property: PropertySpec | undefined): TypeSpec {
    const token = property?.$ref?.replace("#/types/", "");
    const found = token === undefined ? undefined : s.types[token];
    if (!found) throw new Error(`no schema type behind ${JSON.stringify(property)}`);
    return found;
}
