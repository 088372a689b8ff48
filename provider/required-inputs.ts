/**
 * Which required inputs a construct() request lacks, read from the provider's own schema, so
 * every component (and every nested type, array item and map value) is checked the same way.
 */
import * as pulumi from "@pulumi/pulumi";

/** The parts of a Pulumi package schema the check reads. */
export interface PropertySpec {
    readonly description?: string;
    readonly $ref?: string;
    readonly items?: PropertySpec;
    readonly additionalProperties?: PropertySpec;
}
export interface ObjectSpec {
    readonly properties?: Record<string, PropertySpec>;
    readonly required?: readonly string[];
}
export interface PackageSchema {
    readonly resources: Record<
        string,
        { readonly inputProperties?: Record<string, PropertySpec>; readonly requiredInputs?: readonly string[] }
    >;
    readonly types?: Record<string, ObjectSpec>;
}

export interface MissingInput {
    /** Where it is missing, e.g. `legacy.endpoint` or `backends[1].url`. */
    readonly propertyPath: string;
    readonly reason: string;
}

/** The required inputs absent from `inputs` for the component `type`, nested ones included. */
export function missingRequiredInputs(schema: PackageSchema, type: string, inputs: Record<string, unknown>): MissingInput[] {
    const resource = schema.resources[type];
    if (resource === undefined) return [];
    const missing: MissingInput[] = [];
    const checkObject = (spec: ObjectSpec, value: Record<string, unknown>, at: string): void => {
        for (const name of spec.required ?? []) {
            const propertyPath = at ? `${at}.${name}` : name;
            if (value[name] === undefined || value[name] === null) {
                const what = spec.properties?.[name]?.description?.split("\n")[0];
                missing.push({ propertyPath, reason: `${propertyPath} is required${what ? `: ${what}` : ""}` });
            }
        }
        for (const [name, property] of Object.entries(spec.properties ?? {})) {
            checkValue(property, value[name], at ? `${at}.${name}` : name);
        }
    };
    const checkValue = (property: PropertySpec, value: unknown, at: string): void => {
        // An output's value is not known yet; the component checks it once it is.
        if (value === undefined || value === null || pulumi.Output.isInstance(value) || typeof value !== "object") return;
        if (property.items && Array.isArray(value)) {
            value.forEach((item, i) => checkValue(property.items!, item, `${at}[${i}]`));
        } else if (property.additionalProperties) {
            for (const [key, item] of Object.entries(value))
                checkValue(property.additionalProperties, item, `${at}[${JSON.stringify(key)}]`);
        } else if (property.$ref?.startsWith("#/types/")) {
            const spec = schema.types?.[decodeURIComponent(property.$ref.slice("#/types/".length))];
            if (spec) checkObject(spec, value as Record<string, unknown>, at);
        }
    };
    checkObject({ properties: resource.inputProperties, required: resource.requiredInputs }, inputs, "");
    return missing;
}
