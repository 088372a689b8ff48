import * as pulumi from "@pulumi/pulumi";

/** The cloud a pattern is deployed to. */
export enum Cloud {
    Aws = "aws",
    Azure = "azure",
    Gcp = "gcp",
}

/** The stack config namespace of this package. */
export const CONFIG_NAMESPACE = "cloud-patterns";
/** The stack config key that picks the cloud when a component's `cloud` arg is not set. */
export const CLOUD_CONFIG_KEY = `${CONFIG_NAMESPACE}:cloud`;

const VALID_CLOUDS: readonly string[] = Object.values(Cloud);

/**
 * The cloud for a component: its `cloud` arg, else `cloud-patterns:cloud` from stack config.
 * Throws before any resource exists, naming the key, the value, the valid values and the fix.
 */
export function resolveCloud(component: string, fromArgs: Cloud | string | undefined): Cloud {
    const fromConfig = new pulumi.Config(CONFIG_NAMESPACE).get("cloud");
    const value = fromArgs ?? fromConfig;
    const source = fromArgs !== undefined ? `the 'cloud' arg of ${component}` : `stack config '${CLOUD_CONFIG_KEY}'`;
    const fix = `set it with 'pulumi config set ${CLOUD_CONFIG_KEY} <${VALID_CLOUDS.join("|")}>' or pass the 'cloud' arg`;
    if (value === undefined || value === "") {
        throw new Error(
            `${component}: no cloud chosen: '${CLOUD_CONFIG_KEY}' is not set and no 'cloud' arg was given; ` +
                `valid values are ${VALID_CLOUDS.join(", ")}; ${fix}`,
        );
    }
    if (!VALID_CLOUDS.includes(value)) {
        throw new Error(`${component}: unknown cloud '${value}' in ${source}; valid values are ${VALID_CLOUDS.join(", ")}; ${fix}`);
    }
    return value as Cloud;
}
