import { RecordedResource } from "../../plan/mock-cloud";

/** `type name` of every custom resource, sorted: the exact set of children a test asserts. */
export function inventory(resources: readonly RecordedResource[]): string[] {
    return resources
        .filter((r) => r.custom)
        .map((r) => `${r.type} ${r.name}`)
        .sort();
}

/** The one resource of this type (and name, when given); throws naming what exists otherwise. */
export function only(resources: readonly RecordedResource[], type: string, name?: string): RecordedResource {
    const found = resources.filter((r) => r.type === type && (name === undefined || r.name === name));
    if (found.length !== 1) {
        throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}: ${inventory(resources).join(", ")}`);
    }
    return found[0];
}

export function ofType(resources: readonly RecordedResource[], type: string): RecordedResource[] {
    return resources.filter((r) => r.type === type);
}

/** The parsed CLOUD_PATTERNS_CONFIG of a function, per cloud's way of carrying it. */
export function settingsOf(r: RecordedResource): any {
    const env = r.inputs.environment?.variables ?? r.inputs.serviceConfig?.environmentVariables;
    if (env) return JSON.parse(env.CLOUD_PATTERNS_CONFIG);
    const setting = (r.inputs.siteConfig?.appSettings as { name: string; value: string }[]).find((s) => s.name === "CLOUD_PATTERNS_CONFIG");
    return JSON.parse(setting!.value);
}
