import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ContainerServiceArgs, ContainerSpec, HostedContainerService, mainContainer } from "./container-types";
import { ArgsValidator } from "./validate";

/** Files mounted read-only into one container, from a ConfigMap of the Deployment's own. */
export interface KubernetesConfigFiles {
    readonly container: string;
    readonly directory: string;
    readonly files: Readonly<Record<string, string>>;
}

export interface KubernetesDeploymentArgs extends ContainerServiceArgs {
    readonly namespace: string;
    readonly configFiles?: KubernetesConfigFiles;
}

/** The children of one Deployment. */
export interface KubernetesDeployment extends HostedContainerService {
    readonly configMap?: k8s.core.v1.ConfigMap;
    readonly deployment: k8s.apps.v1.Deployment;
    /** With ingress only: ClusterIP (internal) or LoadBalancer (external). */
    readonly service?: k8s.core.v1.Service;
    readonly disruptionBudget: k8s.policy.v1.PodDisruptionBudget;
    /** With maxInstances above minInstances: CPU-based scaling. */
    readonly autoscaler?: k8s.autoscaling.v2.HorizontalPodAutoscaler;
}

/** RFC 1035 label, the rule for Service names (and so for all the names here): kubernetes.io, "Object Names and IDs". */
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
const CONFIG_VOLUME = "config";

/** Tags as labels: values Kubernetes takes (at most 63 of letters, digits, `-_.`, alphanumeric at both ends) or an error naming the tag. */
function kubernetesLabels(owner: string, tags: pulumi.Input<Record<string, pulumi.Input<string>>>): pulumi.Output<Record<string, string>> {
    return pulumi.output(tags).apply((resolved) => {
        for (const [key, value] of Object.entries(resolved)) {
            if (!LABEL_VALUE.test(value))
                new ArgsValidator(owner).fail(`tag '${key}'`, "a Kubernetes label value (<= 63 of A-Z a-z 0-9 - _ .)", value);
        }
        return resolved;
    });
}

/** Requests equal to limits: the pod is scheduled for what it may use, and gets the Guaranteed QoS class. */
function resources(spec: ContainerSpec): k8s.types.input.core.v1.ResourceRequirements {
    const amount = { cpu: `${Math.round(spec.cpu * 1000)}m`, memory: `${spec.memoryMb}Mi` };
    return { requests: amount, limits: amount };
}

function container(spec: ContainerSpec, configFiles: KubernetesConfigFiles | undefined): pulumi.Output<k8s.types.input.core.v1.Container> {
    const probe = spec.health && { httpGet: { path: spec.health.path, port: spec.health.port } };
    return pulumi.output(spec.env ?? {}).apply((env) => ({
        name: spec.name,
        image: spec.image,
        command: spec.command,
        args: spec.args,
        // A native sidecar: an init container that keeps running (Kubernetes 1.29+, on by default; stable in 1.33).
        restartPolicy: spec.sidecar ? "Always" : undefined,
        ports: spec.port === undefined ? undefined : [{ name: "http", containerPort: spec.port }],
        env: [
            ...Object.entries(env).map(([name, value]) => ({ name, value })),
            ...(spec.secretEnv ?? []).map((s) => ({ name: s.name, valueFrom: { secretKeyRef: { name: s.secret, key: s.key } } })),
        ],
        resources: resources(spec),
        startupProbe: probe && { ...probe, periodSeconds: 1, failureThreshold: 30 },
        readinessProbe: probe && { ...probe, periodSeconds: 5 },
        securityContext: {
            runAsNonRoot: true,
            runAsUser: spec.runAsUser,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
        },
        volumeMounts:
            configFiles?.container === spec.name ? [{ name: CONFIG_VOLUME, mountPath: configFiles.directory, readOnly: true }] : undefined,
    }));
}

/**
 * A Deployment on any cluster (the `kubernetes` provider of the resource options): the sidecars
 * as native sidecars, so they start, and pass their startup probes, before the main container;
 * requests equal to limits; non-root, no privilege escalation, no capabilities, read-only root
 * filesystems; a ConfigMap for `configFiles`; a Service with ingress; a PodDisruptionBudget that
 * keeps all but one pod through voluntary disruptions; CPU autoscaling between the bounds.
 * Children: `${name}-config`, `-deployment`, `-service`, `-pdb`, `-autoscaler`.
 */
export function createKubernetesDeployment(
    name: string,
    args: KubernetesDeploymentArgs,
    opts: pulumi.CustomResourceOptions,
): KubernetesDeployment {
    const owner = `${name} (Kubernetes)`;
    if (!DNS_1035_LABEL.test(name))
        new ArgsValidator(owner).fail(
            "the component name",
            "a DNS-1035 label (lowercase letters, digits, '-', starting with a letter, <= 63)",
            name,
        );
    const { namespace } = args;
    const labels = kubernetesLabels(owner, args.tags);
    const selector = { "app.kubernetes.io/name": name, "app.kubernetes.io/managed-by": "cloud-patterns" };
    const metadata = (suffix: string) => ({
        name: suffix ? `${name}-${suffix}` : name,
        namespace,
        labels: labels.apply((l) => ({ ...l, ...selector })),
    });
    const main = mainContainer(args);
    const sidecars = args.containers.filter((c) => c.sidecar);
    const mains = args.containers.filter((c) => !c.sidecar);
    const files = args.configFiles;

    const configMap =
        files && new k8s.core.v1.ConfigMap(`${name}-config`, { metadata: metadata("config"), data: { ...files.files } }, opts);
    const deployment = new k8s.apps.v1.Deployment(
        `${name}-deployment`,
        {
            metadata: metadata(""),
            spec: {
                replicas: args.minInstances,
                selector: { matchLabels: selector },
                template: {
                    metadata: { labels: selector },
                    spec: {
                        automountServiceAccountToken: false,
                        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
                        initContainers: sidecars.map((c) => container(c, files)),
                        containers: mains.map((c) => container(c, files)),
                        volumes: configMap && [{ name: CONFIG_VOLUME, configMap: { name: configMap.metadata.name } }],
                    },
                },
            },
        },
        opts,
    );
    const service =
        args.ingress === "none"
            ? undefined
            : new k8s.core.v1.Service(
                  `${name}-service`,
                  {
                      metadata: metadata(""),
                      spec: {
                          type: args.ingress === "external" ? "LoadBalancer" : "ClusterIP",
                          selector,
                          ports: [{ name: "http", port: main.port ?? 80, targetPort: "http" }],
                      },
                  },
                  opts,
              );
    const disruptionBudget = new k8s.policy.v1.PodDisruptionBudget(
        `${name}-pdb`,
        { metadata: metadata(""), spec: { maxUnavailable: 1, selector: { matchLabels: selector } } },
        opts,
    );
    const autoscaler =
        args.maxInstances > args.minInstances
            ? new k8s.autoscaling.v2.HorizontalPodAutoscaler(
                  `${name}-autoscaler`,
                  {
                      metadata: metadata(""),
                      spec: {
                          scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata.name },
                          minReplicas: args.minInstances,
                          maxReplicas: args.maxInstances,
                          metrics: [
                              { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
                          ],
                      },
                  },
                  opts,
              )
            : undefined;
    const url = !service
        ? pulumi.output("")
        : args.ingress === "internal"
          ? pulumi.interpolate`http://${service.metadata.name}.${namespace}.svc.cluster.local:${main.port}`
          : service.status.apply((status) => {
                const at = status?.loadBalancer?.ingress?.[0];
                return at ? `http://${at.hostname ?? at.ip}:${main.port}` : "";
            });
    return { configMap, deployment, service, disruptionBudget, autoscaler, serviceName: deployment.metadata.name, url };
}
