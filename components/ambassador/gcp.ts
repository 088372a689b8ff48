import * as pulumi from "@pulumi/pulumi";
import { createGcpCloudRunService, GcpCloudRunService } from "../platform/container-gcp";
import { ambassadorService } from "./containers";
import type { AmbassadorImplementation, AmbassadorOutputs } from "./outputs";

/** The Ambassador on GCP: a Cloud Run service with the app as ingress container and Envoy as its sidecar. */
export interface GcpAmbassador extends AmbassadorOutputs {
    readonly service: GcpCloudRunService;
}

export const createGcpAmbassador: AmbassadorImplementation<GcpAmbassador> = (name, resolved, opts) => {
    const service = createGcpCloudRunService(name, { ...ambassadorService(resolved), region: resolved.gcp.region }, opts);
    return { service, url: service.url, serviceName: service.serviceName, sidecarConfig: pulumi.output(resolved.sidecar.bootstrap) };
};
