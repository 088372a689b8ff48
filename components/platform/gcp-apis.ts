/**
 * The Google APIs a component needs, enabled in the provider's project before anything that uses
 * them: a fresh project has none of them on. Each component enables its own list, as resources of
 * its own (`${name}-enable-<api>`), rather than one shared resource per API per stack:
 * `projects.Service` is idempotent in the provider (enabling an enabled API changes nothing, and
 * `disableOnDestroy: false` means deleting one never turns the API off), so two components that
 * both enable `pubsub.googleapis.com` register two resources for one API and neither can break the
 * other. A shared, deduplicated resource would belong to whichever component came first, and
 * removing that component would take the others' ordering with it.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";

/** Cloud Functions gen2: the function, its Cloud Run service, its build and image, its source bucket and its identity. */
export const FUNCTION_APIS = [
    "cloudfunctions.googleapis.com",
    "run.googleapis.com",
    "cloudbuild.googleapis.com",
    "artifactregistry.googleapis.com",
    "storage.googleapis.com",
    "iam.googleapis.com",
] as const;
/** API Gateway, and the managed service each API becomes: https://cloud.google.com/api-gateway/docs/secure-traffic-gcloud#before_you_begin */
export const API_GATEWAY_APIS = ["apigateway.googleapis.com", "servicemanagement.googleapis.com", "servicecontrol.googleapis.com"] as const;
/** Eventarc triggers deliver through Pub/Sub: https://cloud.google.com/eventarc/docs/run/create-trigger-firestore-gcloud */
export const EVENT_TRIGGER_APIS = ["eventarc.googleapis.com", "pubsub.googleapis.com"] as const;
/** Project IAM members (grants conditioned on one database or instance). */
export const PROJECT_IAM_APIS = ["cloudresourcemanager.googleapis.com"] as const;

/** The children of {@link enableGcpApis}, and the options the component's other children take. */
export interface GcpApis {
    /** One per API, in the order given; empty when the component was told not to enable APIs. */
    readonly services: gcp.projects.Service[];
    /** `opts` with the services in `dependsOn`: every child created with these waits for its APIs. */
    readonly opts: pulumi.CustomResourceOptions;
}

/**
 * Enables `apis` (duplicates dropped) unless `enable` is false (a project whose APIs are managed
 * elsewhere), and returns the options the component's children take so they are created after them.
 */
export function enableGcpApis(name: string, apis: readonly string[], enable: boolean, opts: pulumi.CustomResourceOptions): GcpApis {
    if (!enable) return { services: [], opts };
    const services = [...new Set(apis)].map(
        (service) =>
            new gcp.projects.Service(
                `${name}-enable-${service.split(".")[0]}`,
                // Never disabled on destroy: other components and workloads in the project may use the API.
                { service, disableOnDestroy: false, disableDependentServices: false },
                opts,
            ),
    );
    return { services, opts: pulumi.mergeOptions(opts, { dependsOn: services }) };
}
