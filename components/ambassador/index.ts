import * as pulumi from "@pulumi/pulumi";
import { AmbassadorTarget, resolveAmbassadorTarget } from "../cloud";
import { attachChildren, childrenOn } from "../pattern-component";
import { PATTERN_TYPE_PREFIX } from "../pattern-type";
import type { AmbassadorArgs } from "./args";
import type { AwsAmbassador } from "./aws";
import type { AzureAmbassador } from "./azure";
import type { GcpAmbassador } from "./gcp";
import type { KubernetesAmbassador } from "./kubernetes";
import { AMBASSADOR_OUTPUTS, AmbassadorImplementation, AmbassadorOutputs } from "./outputs";
import { resolveAmbassadorArgs } from "./resolve";

export type {
    AmbassadorApp,
    AmbassadorArgs,
    AmbassadorAwsArgs,
    AmbassadorAzureArgs,
    AmbassadorCircuitBreaker,
    AmbassadorGcpArgs,
    AmbassadorKubernetesArgs,
    AmbassadorRetries,
    AmbassadorTls,
    AmbassadorUpstream,
} from "./args";
export type { AmbassadorOutputs } from "./outputs";
export { AmbassadorIngress, AmbassadorRetryOn } from "./args";
export type { AwsAmbassador, AzureAmbassador, GcpAmbassador, KubernetesAmbassador };

const CLASS_NAME = "Ambassador";

/** Each target's module, required only when that target is built: an AWS stack never loads @pulumi/kubernetes. */
const TARGETS: Record<AmbassadorTarget, AmbassadorImplementation<AmbassadorOutputs>> = {
    aws: (...build) => (require("./aws") as typeof import("./aws")).createAwsAmbassador(...build),
    azure: (...build) => (require("./azure") as typeof import("./azure")).createAzureAmbassador(...build),
    gcp: (...build) => (require("./gcp") as typeof import("./gcp")).createGcpAmbassador(...build),
    kubernetes: (...build) => (require("./kubernetes") as typeof import("./kubernetes")).createKubernetesAmbassador(...build),
};

/**
 * Ambassador: the app talks to localhost; an Envoy sidecar beside it carries retries, timeouts,
 * circuit breaking, TLS and access logs for its outbound calls. Runs on ECS Fargate, Azure
 * Container Apps, Cloud Run or any Kubernetes cluster, picked by the `cloud` arg or stack config;
 * only that target's implementation (and SDK) is loaded.
 */
export class Ambassador extends pulumi.ComponentResource implements AmbassadorOutputs {
    /** Where it is deployed: a cloud or `kubernetes`. */
    readonly cloud: AmbassadorTarget;
    /** The app's endpoint when `ingress` is not `none`, else "". */
    declare readonly url: pulumi.Output<string>;
    /** The target's name of the service (ECS service, container app, Cloud Run service, Deployment). */
    declare readonly serviceName: pulumi.Output<string>;
    /** The Envoy bootstrap the sidecar runs (JSON), for inspection. */
    declare readonly sidecarConfig: pulumi.Output<string>;

    constructor(name: string, args: AmbassadorArgs, opts?: pulumi.ComponentResourceOptions) {
        const target = resolveAmbassadorTarget(CLASS_NAME, args?.cloud);
        const resolved = resolveAmbassadorArgs(name, target, args);
        super(`${PATTERN_TYPE_PREFIX}${CLASS_NAME}`, name, {}, opts);
        this.cloud = target;
        const children = TARGETS[target](name, resolved, { parent: this });
        this.registerOutputs(attachChildren(this, target, children, AMBASSADOR_OUTPUTS));
    }

    /** The AWS children, when deployed to AWS (TypeScript only: other languages get the outputs above). */
    get aws(): AwsAmbassador | undefined {
        return childrenOn(this, AmbassadorTarget.Aws);
    }

    /** The Azure children, when deployed to Azure (TypeScript only). */
    get azure(): AzureAmbassador | undefined {
        return childrenOn(this, AmbassadorTarget.Azure);
    }

    /** The GCP children, when deployed to GCP (TypeScript only). */
    get gcp(): GcpAmbassador | undefined {
        return childrenOn(this, AmbassadorTarget.Gcp);
    }

    /** The Kubernetes children, when deployed to a cluster (TypeScript only). */
    get kubernetes(): KubernetesAmbassador | undefined {
        return childrenOn(this, AmbassadorTarget.Kubernetes);
    }
}
