import * as pulumi from "@pulumi/pulumi";
import { createKubernetesDeployment, KubernetesDeployment } from "../platform/container-kubernetes";
import { ambassadorService } from "./containers";
import type { AmbassadorImplementation, AmbassadorOutputs } from "./outputs";
import { envoyFileArgs, SIDECAR_NAME } from "./sidecar";

/** The bootstrap's place in the sidecar: the ConfigMap mounted read-only. */
const CONFIG_DIRECTORY = "/etc/envoy";
const BOOTSTRAP_FILE = "envoy.json";

/** The Ambassador on Kubernetes: a Deployment whose Envoy is a native sidecar reading its bootstrap from a ConfigMap. */
export interface KubernetesAmbassador extends AmbassadorOutputs {
    readonly deployment: KubernetesDeployment;
}

export const createKubernetesAmbassador: AmbassadorImplementation<KubernetesAmbassador> = (name, resolved, opts) => {
    const deployment = createKubernetesDeployment(
        name,
        {
            ...ambassadorService(resolved, envoyFileArgs(`${CONFIG_DIRECTORY}/${BOOTSTRAP_FILE}`)),
            namespace: resolved.kubernetes.namespace,
            configFiles: { container: SIDECAR_NAME, directory: CONFIG_DIRECTORY, files: { [BOOTSTRAP_FILE]: resolved.sidecar.bootstrap } },
        },
        opts,
    );
    return {
        deployment,
        url: deployment.url,
        serviceName: deployment.serviceName,
        sidecarConfig: pulumi.output(resolved.sidecar.bootstrap),
    };
};
