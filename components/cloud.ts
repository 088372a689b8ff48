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

/**
 * Where the Ambassador, the one container pattern, can go: a cloud, or any Kubernetes cluster
 * (EKS, AKS, GKE or your own) through a `@pulumi/kubernetes` provider. Chosen like a cloud: the
 * component's `cloud` arg or `cloud-patterns:cloud: kubernetes` in stack config. A stack that
 * picks `kubernetes` can hold only Ambassadors: the other patterns refuse it.
 */
export enum AmbassadorTarget {
    Aws = "aws",
    Azure = "azure",
    Gcp = "gcp",
    Kubernetes = "kubernetes",
}

const VALID_CLOUDS: readonly string[] = Object.values(Cloud);
const VALID_TARGETS: readonly string[] = Object.values(AmbassadorTarget);

/**
 * The cloud for a component: its `cloud` arg, else `cloud-patterns:cloud` from stack config.
 * Throws before any resource exists, naming the key, the value, the valid values and the fix.
 */
export function resolveCloud(component: string, fromArgs: Cloud | string | undefined): Cloud {
    return resolveAmong(component, fromArgs, VALID_CLOUDS) as Cloud;
}

/** The Ambassador's target: like {@link resolveCloud}, with `kubernetes` allowed too. */
export function resolveAmbassadorTarget(component: string, fromArgs: AmbassadorTarget | string | undefined): AmbassadorTarget {
    return resolveAmong(component, fromArgs, VALID_TARGETS) as AmbassadorTarget;
}

function resolveAmong(component: string, fromArgs: string | undefined, valid: readonly string[]): string {
    const fromConfig = new pulumi.Config(CONFIG_NAMESPACE).get("cloud");
    const value = fromArgs ?? fromConfig;
    const source = fromArgs !== undefined ? `the 'cloud' arg of ${component}` : `stack config '${CLOUD_CONFIG_KEY}'`;
    const fix = `set it with 'pulumi config set ${CLOUD_CONFIG_KEY} <${valid.join("|")}>' or pass the 'cloud' arg`;
    if (value === undefined || value === "") {
        throw new Error(
            `${component}: no cloud chosen: '${CLOUD_CONFIG_KEY}' is not set and no 'cloud' arg was given; ` +
                `valid values are ${valid.join(", ")}; ${fix}`,
        );
    }
    if (value === AmbassadorTarget.Kubernetes && !valid.includes(value)) {
        throw new Error(
            `${component}: '${value}' in ${source} is a target only the Ambassador deploys to; ${component} runs on ` +
                `${valid.join(", ")}: deploy it from a stack (or with a 'cloud' arg) that names one of them`,
        );
    }
    if (!valid.includes(value)) {
        throw new Error(`${component}: unknown cloud '${value}' in ${source}; valid values are ${valid.join(", ")}; ${fix}`);
    }
    return value;
}
