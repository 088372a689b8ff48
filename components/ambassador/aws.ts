import * as pulumi from "@pulumi/pulumi";
import { AwsContainerService, createAwsContainerService } from "../platform/container-aws";
import { ambassadorService } from "./containers";
import type { AmbassadorImplementation, AmbassadorOutputs } from "./outputs";

/** The Ambassador on AWS: a Fargate service whose task runs the app and the Envoy sidecar, behind an Application Load Balancer with ingress. */
export interface AwsAmbassador extends AmbassadorOutputs {
    readonly service: AwsContainerService;
}

export const createAwsAmbassador: AmbassadorImplementation<AwsAmbassador> = (name, resolved, opts) => {
    const { certificateArn, healthCheckPath, accessLogsBucket, ...network } = resolved.aws;
    const service = createAwsContainerService(
        name,
        { ...ambassadorService(resolved), network, loadBalancer: { certificateArn, healthCheckPath, accessLogsBucket } },
        opts,
    );
    return { service, url: service.url, serviceName: service.serviceName, sidecarConfig: pulumi.output(resolved.sidecar.bootstrap) };
};
