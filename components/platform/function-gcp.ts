import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import { toArchive } from "./archive";
import { bundleFunction, GCP_ENTRY_POINT } from "./bundle";
import { DEFAULT_MAX_INSTANCES, functionEnvironment, invokeOptions, validateFunctionArgs } from "./function-settings";
import { gcpResourceId, gcpServiceAccountId, gcsBucketName, packagedFunctionName } from "./naming";
import { gcpLabels } from "./tags";
import { FunctionArgs, HostedFunction } from "./types";

/** The Eventarc trigger settings a pattern may set (Pub/Sub delivery to the function). */
export interface GcpEventTrigger {
    /** e.g. `google.cloud.pubsub.topic.v1.messagePublished`. */
    readonly eventType: pulumi.Input<string>;
    /** Full topic name, `projects/<p>/topics/<t>`. */
    readonly pubsubTopic?: pulumi.Input<string>;
    /** Retry failed deliveries (pair with a dead-letter topic). @default "RETRY_POLICY_RETRY" */
    readonly retryPolicy?: "RETRY_POLICY_RETRY" | "RETRY_POLICY_DO_NOT_RETRY";
    /** @default the function's region */
    readonly triggerRegion?: pulumi.Input<string>;
    readonly eventFilters?: readonly { readonly attribute: string; readonly value: pulumi.Input<string>; readonly operator?: string }[];
}

/** Direct VPC egress: the function's instances take addresses in a subnet of this network (no connector to run). */
export interface GcpFunctionVpc {
    /** Name or id of the VPC network, e.g. `projects/p/global/networks/default`. */
    readonly network: pulumi.Input<string>;
    /** @default the subnet named like the network, in the function's region */
    readonly subnetwork?: pulumi.Input<string>;
    /**
     * What goes through the VPC: private ranges only (public Google APIs stay direct) or all traffic.
     * @default "PRIVATE_RANGES_ONLY"
     */
    readonly egress?: "PRIVATE_RANGES_ONLY" | "ALL_TRAFFIC";
}

export interface GcpFunctionArgs extends FunctionArgs {
    /** @default stack config `gcp:region` */
    readonly region?: pulumi.Input<string>;
    /** Set for event-driven functions; absent means an HTTP function. */
    readonly eventTrigger?: GcpEventTrigger;
    /**
     * Who may reach the function over the network (IAM still decides who may invoke it).
     * @default "ALLOW_ALL" for HTTP functions (API Gateway and Cloud Tasks call from outside the VPC), "ALLOW_INTERNAL_ONLY" with an eventTrigger
     */
    readonly ingressSettings?: "ALLOW_ALL" | "ALLOW_INTERNAL_ONLY" | "ALLOW_INTERNAL_AND_GCLB";
    /**
     * Send the function's outbound traffic to private addresses into a VPC (Direct VPC egress),
     * e.g. to a Cloud SQL private IP.
     * @default none: no VPC access
     */
    readonly vpc?: GcpFunctionVpc;
    /**
     * The account id of the function's identity, for a pattern that builds another name from it
     * (a Cloud SQL IAM user is `<id>@<project>.iam`).
     * @default gcpServiceAccountId(name): up to 30 characters
     */
    readonly serviceAccountId?: string;
}

const VPC_EGRESS = ["PRIVATE_RANGES_ONLY", "ALL_TRAFFIC"] as const;

/** The children of one Cloud Function (gen2). */
export interface GcpFunction extends HostedFunction {
    readonly function: gcp.cloudfunctionsv2.Function;
    /** The identity the function runs as; grant it what the pattern's function needs. */
    readonly serviceAccount: gcp.serviceaccount.Account;
    /** The identity Cloud Build builds the function as, instead of the project's default compute account. */
    readonly build: GcpFunctionBuild;
    readonly sourceBucket: gcp.storage.Bucket;
    readonly sourceObject: gcp.storage.BucketObject;
    /** Present with an eventTrigger: lets the trigger's identity (the function's own) invoke it. */
    readonly triggerInvoker?: gcp.cloudrunv2.ServiceIamMember;
    /** The function's HTTPS endpoint (its Cloud Run service URI). */
    readonly url: pulumi.Output<string>;
}

/** Cloud Run service ids (and so gen2 function names) are 1-49 characters. */
export const CLOUD_RUN_SERVICE_ID_MAX_LENGTH = 49;

export const GCP_HTTP_FUNCTION_LIMITS = {
    cloud: Cloud.Gcp,
    memoryMb: [128, 32768],
    timeoutSeconds: [1, 3600],
    maxInstances: [1, 1000],
} as const;
export const GCP_EVENT_FUNCTION_LIMITS = { ...GCP_HTTP_FUNCTION_LIMITS, timeoutSeconds: [1, 540] } as const;

/** The region for a GCP child: the arg, else `gcp:region`; throws naming both when neither is set. */
export function gcpRegion(owner: string, region: pulumi.Input<string> | undefined): pulumi.Input<string> {
    const resolved = region ?? new pulumi.Config("gcp").get("region");
    if (resolved === undefined) {
        throw new Error(`${owner}: no GCP region: pass 'region' or set it with 'pulumi config set gcp:region <region>'`);
    }
    return resolved;
}

/** `roles/run.invoker` for one member on one function's Cloud Run service, nothing wider. */
export function grantFunctionInvoker(
    name: string,
    fn: gcp.cloudfunctionsv2.Function,
    member: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): gcp.cloudrunv2.ServiceIamMember {
    const service = fn.serviceConfig.apply((config) => {
        if (!config?.service) throw new Error(`${name}: the Cloud Function has no Cloud Run service yet`);
        return config.service;
    });
    return new gcp.cloudrunv2.ServiceIamMember(name, { location: fn.location, name: service, role: "roles/run.invoker", member }, opts);
}

/**
 * The build's identity and the roles Cloud Build needs to build a function as it
 * (https://cloud.google.com/functions/docs/securing/build-custom-sa): read the source object,
 * write the build's logs, push the image to the repositories Cloud Functions builds into.
 */
export interface GcpFunctionBuild {
    readonly serviceAccount: gcp.serviceaccount.Account;
    /** roles/storage.objectViewer on the function's source bucket only. */
    readonly sourceReader: gcp.storage.BucketIAMMember;
    /** roles/logging.logWriter on the project: build logs have no narrower resource. */
    readonly logWriter: gcp.projects.IAMMember;
    /** roles/artifactregistry.writer, conditioned on the `gcf-artifacts` and `cloud-run-source-deploy` repositories of the function's region. */
    readonly imageWriter: gcp.projects.IAMMember;
}

/** The Artifact Registry repositories a gen2 function's build pushes to (the docs' default, no `dockerRepository`). */
const BUILD_REPOSITORIES = ["gcf-artifacts", "cloud-run-source-deploy"] as const;

/**
 * A Cloud Function (gen2, nodejs24) built from the bundle: a private source bucket (uniform access,
 * public access prevention enforced), the package as an object named by the bundle hash (a code
 * change is a new object, so a new build), and a service account of its own. Nobody may invoke it
 * until a pattern grants `roles/run.invoker` (see {@link grantFunctionInvoker}).
 * With `vpc`, outbound traffic to private ranges goes through Direct VPC egress. Cloud Build builds
 * it as a service account of its own with only the roles a build needs ({@link GcpFunctionBuild}).
 * Children: `${name}-identity`, `-source`, `-package`, `-build-identity`, `-build-source-reader`,
 * `-build-log-writer`, `-build-image-writer`, `-function` (and `-trigger-invoker`).
 */
export function createGcpFunction(name: string, args: GcpFunctionArgs, opts: pulumi.CustomResourceOptions): GcpFunction {
    const owner = `${name} (Cloud Functions)`;
    const trigger = args.eventTrigger;
    validateFunctionArgs(owner, args, trigger ? GCP_EVENT_FUNCTION_LIMITS : GCP_HTTP_FUNCTION_LIMITS);
    const vpc = args.vpc;
    if (vpc && (vpc.network === undefined || !VPC_EGRESS.includes(vpc.egress ?? "PRIVATE_RANGES_ONLY"))) {
        throw new Error(
            `${owner}: vpc needs a network and an egress of ${VPC_EGRESS.join(" or ")}, got ${JSON.stringify({ network: vpc.network, egress: vpc.egress })}`,
        );
    }
    const region = gcpRegion(owner, args.region);
    const labels = gcpLabels(args.tags);
    const bundle = bundleFunction(args.bundle, Cloud.Gcp, packagedFunctionName(name));

    const serviceAccount = new gcp.serviceaccount.Account(
        `${name}-identity`,
        {
            accountId: args.serviceAccountId ?? gcpServiceAccountId(name),
            displayName: `${name} function`,
            description: `Runs Cloud Function ${name} (cloud-patterns)`,
        },
        opts,
    );
    const sourceBucket = new gcp.storage.Bucket(
        `${name}-source`,
        {
            name: gcsBucketName(`${name}-source`),
            location: region,
            uniformBucketLevelAccess: true,
            publicAccessPrevention: "enforced",
            labels,
        },
        opts,
    );
    const sourceObject = new gcp.storage.BucketObject(
        `${name}-package`,
        { bucket: sourceBucket.name, name: `${bundle.hash}.zip`, contentType: "application/zip", source: toArchive(bundle) },
        opts,
    );
    const build = buildIdentity(name, region, sourceBucket, opts);
    const fn = new gcp.cloudfunctionsv2.Function(
        `${name}-function`,
        {
            // A gen2 function's Cloud Run service takes its name, and Cloud Run service ids are under 50 characters:
            // https://cloud.google.com/run/docs/reference/rest/v2/projects.locations.services/create (pulumi/pulumi-gcp#3166)
            name: gcpResourceId(name, CLOUD_RUN_SERVICE_ID_MAX_LENGTH),
            location: region,
            description: `cloud-patterns function ${name}`,
            buildConfig: {
                // The newest GA Node.js runtime (nodejs26 is in preview): https://cloud.google.com/run/docs/runtimes/nodejs
                runtime: "nodejs24",
                entryPoint: GCP_ENTRY_POINT,
                source: { storageSource: { bucket: sourceBucket.name, object: sourceObject.name } },
                // Not the default compute account, which holds Editor on the project in many projects.
                serviceAccount: build.serviceAccount.name,
            },
            serviceConfig: {
                availableMemory: `${args.memoryMb}Mi`,
                timeoutSeconds: args.timeoutSeconds,
                maxInstanceCount: args.maxInstances ?? DEFAULT_MAX_INSTANCES,
                ingressSettings: args.ingressSettings ?? (trigger ? "ALLOW_INTERNAL_ONLY" : "ALLOW_ALL"),
                serviceAccountEmail: serviceAccount.email,
                environmentVariables: functionEnvironment(owner, args),
                allTrafficOnLatestRevision: true,
                ...(vpc && {
                    directVpcNetworkInterfaces: [{ network: vpc.network, subnetwork: vpc.subnetwork }],
                    directVpcEgress: `VPC_EGRESS_${vpc.egress ?? "PRIVATE_RANGES_ONLY"}`,
                }),
            },
            eventTrigger: trigger && {
                eventType: trigger.eventType,
                pubsubTopic: trigger.pubsubTopic,
                retryPolicy: trigger.retryPolicy ?? "RETRY_POLICY_RETRY",
                triggerRegion: trigger.triggerRegion,
                eventFilters: trigger.eventFilters?.map((f) => ({ ...f })),
                // The trigger pushes as the function's own identity, not the broad Compute Engine default account.
                serviceAccountEmail: serviceAccount.email,
            },
            labels,
        },
        // A build that starts before its roles exist fails on the source or the log write.
        pulumi.mergeOptions(opts, { dependsOn: [build.sourceReader, build.logWriter, build.imageWriter] }),
    );
    const triggerInvoker = trigger ? grantFunctionInvoker(`${name}-trigger-invoker`, fn, serviceAccount.member, opts) : undefined;
    const url = fn.serviceConfig.apply((config) => {
        if (!config?.uri) throw new Error(`${owner}: the Cloud Function has no URI`);
        return config.uri;
    });
    return { function: fn, serviceAccount, build, sourceBucket, sourceObject, triggerInvoker, functionName: fn.name, url };
}

function buildIdentity(
    name: string,
    region: pulumi.Input<string>,
    sourceBucket: gcp.storage.Bucket,
    opts: pulumi.CustomResourceOptions,
): GcpFunctionBuild {
    const serviceAccount = new gcp.serviceaccount.Account(
        `${name}-build-identity`,
        {
            accountId: gcpServiceAccountId(`${name}-build`),
            displayName: `${name} build`,
            description: `Cloud Build builds Cloud Function ${name} as this account (cloud-patterns)`,
        },
        opts,
    );
    const sourceReader = new gcp.storage.BucketIAMMember(
        `${name}-build-source-reader`,
        { bucket: sourceBucket.name, role: "roles/storage.objectViewer", member: serviceAccount.member },
        opts,
    );
    const project = gcp.organizations.getClientConfigOutput(invokeOptions(opts)).project;
    const logWriter = new gcp.projects.IAMMember(
        `${name}-build-log-writer`,
        { project, role: "roles/logging.logWriter", member: serviceAccount.member },
        opts,
    );
    const repositories = pulumi
        .all([project, region])
        .apply(([p, r]) =>
            BUILD_REPOSITORIES.map((repo) => `resource.name.startsWith("projects/${p}/locations/${r}/repositories/${repo}")`).join(" || "),
        );
    const imageWriter = new gcp.projects.IAMMember(
        `${name}-build-image-writer`,
        {
            project,
            role: "roles/artifactregistry.writer",
            member: serviceAccount.member,
            condition: {
                title: "function build repositories",
                description: `Only the repositories Cloud Functions builds ${name} into`,
                expression: repositories,
            },
        },
        opts,
    );
    return { serviceAccount, sourceReader, logWriter, imageWriter };
}
