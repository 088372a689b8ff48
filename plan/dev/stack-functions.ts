/**
 * The functions a stack deploys, read from the resources its program registered under mocks: per
 * pattern component, each function's role (`command`, `worker`; "" for a pattern's only function)
 * and the environment the cloud would give it (the settings document included).
 */
import { Cloud } from "../../components/cloud";
import { PATTERN_TYPE_PREFIX } from "../../components/pattern-type";
import { CONFIG_ENV } from "../../handlers/config-env";
import type { RecordedResource } from "../mock-cloud";

/** One function as the stack would deploy it. */
export interface StackFunction {
    /** What the function is within its pattern, from its resource name: `command` in `accounts-command-function`. */
    readonly role: string;
    /** Its environment variables / app settings, as the cloud would set them. */
    readonly environment: Readonly<Record<string, string>>;
    /** The settings document (CLOUD_PATTERNS_CONFIG), parsed. */
    readonly settings: Record<string, unknown>;
}

/** One pattern component of the stack and its functions. */
export interface StackPattern {
    /** The registry's class name (`GatewayAggregation`). */
    readonly className: string;
    /** The component's resource name (`gateway`). */
    readonly name: string;
    readonly functions: readonly StackFunction[];
    /** Every resource under the component, for wiring that needs more than the functions. */
    readonly resources: readonly RecordedResource[];
}

/** The function resource type on each cloud, and the suffix its resource name carries after the role. */
const FUNCTION_RESOURCE: Record<Cloud, { readonly type: string; readonly suffix: string }> = {
    [Cloud.Aws]: { type: "aws:lambda/function:Function", suffix: "-function" },
    [Cloud.Azure]: { type: "azure-native:web:WebApp", suffix: "-app" },
    [Cloud.Gcp]: { type: "gcp:cloudfunctionsv2/function:Function", suffix: "-function" },
};

function environmentOf(cloud: Cloud, resource: RecordedResource): Record<string, string> | undefined {
    switch (cloud) {
        case Cloud.Aws:
            return resource.inputs.environment?.variables;
        case Cloud.Azure: {
            const settings = resource.inputs.siteConfig?.appSettings as { name: string; value: string }[] | undefined;
            return settings && Object.fromEntries(settings.map((s) => [s.name, s.value]));
        }
        case Cloud.Gcp:
            return resource.inputs.serviceConfig?.environmentVariables;
    }
}

/** Every pattern component of the stack, in registration order of their types, with its functions. */
export function stackPatterns(cloud: Cloud, resources: readonly RecordedResource[]): StackPattern[] {
    const { type, suffix } = FUNCTION_RESOURCE[cloud];
    return resources
        .filter((r) => r.type.startsWith(PATTERN_TYPE_PREFIX))
        .map((component) => {
            const children = descendants(component.urn, resources);
            const functions = children
                .filter((r) => r.type === type)
                .flatMap((r) => {
                    const environment = environmentOf(cloud, r);
                    if (!environment?.[CONFIG_ENV]) return [];
                    const base = r.name.endsWith(suffix) ? r.name.slice(0, -suffix.length) : r.name;
                    const role = base === component.name ? "" : base.slice(component.name.length + 1);
                    return [{ role, environment, settings: JSON.parse(environment[CONFIG_ENV]) as Record<string, unknown> }];
                });
            return { className: component.type.slice(PATTERN_TYPE_PREFIX.length), name: component.name, functions, resources: children };
        });
}

function descendants(urn: string, resources: readonly RecordedResource[]): RecordedResource[] {
    const found: RecordedResource[] = [];
    const parents = new Set([urn]);
    let grew = true;
    while (grew) {
        grew = false;
        for (const r of resources) {
            if (r.parent && parents.has(r.parent) && !parents.has(r.urn)) {
                parents.add(r.urn);
                found.push(r);
                grew = true;
            }
        }
    }
    return found;
}
