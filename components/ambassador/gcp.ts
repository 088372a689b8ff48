import * as pulumi from "@pulumi/pulumi";
import { createGcpCloudRunService, GcpCloudRunService } from "../platform/container-gcp";
import { enableGcpApis } from "../platform/gcp-apis";
import { ambassadorService } from "./containers";
import type { AmbassadorImplementation, AmbassadorOutputs } from "./outputs";

/** The Ambassador on GCP: a Cloud Run service with the app as ingress container and Envoy as its sidecar. */
export interface GcpAmbassador extends AmbassadorOutputs {
    readonly service: GcpCloudRunService;
}

/** Cloud Run and the service account it runs as. */
const CLOUD_RUN_APIS = ["run.googleapis.com", "iam.googleapis.com"] as const;

export const createGcpAmbassador: AmbassadorImplementation<GcpAmbassador> = (name, resolved, componentOpts) => {
    const { opts } = enableGcpApis(name, CLOUD_RUN_APIS, resolved.gcp.enableApis, componentOpts);
    const service = createGcpCloudRunService(name, { ...ambassadorService(resolved), region: resolved.gcp.region }, opts);
    return { service, url: service.url, serviceName: service.serviceName, sidecarConfig: pulumi.output(resolved.sidecar.bootstrap) };
};
