/**
 * Container time, split per container: each task, revision or pod is priced as the app's share
 * and the Envoy sidecar's share (the Ambassador's "when to avoid": the sidecar is billed), for the
 * instances kept running all month (the scaling minimum, at least one).
 */
import type { RecordedResource } from "../mock-cloud";
import type { CostComponent } from "../types";
import { components, HOURS_PER_MONTH, PricerContext } from "./pricer";

/** One container's size. */
export interface ContainerSize {
    readonly name: string;
    readonly vcpu: number;
    readonly memoryGb: number;
}

/** The share EKS on Fargate adds to each pod for kubelet, kube-proxy and containerd. */
export const KUBERNETES_COMPONENTS = "kubernetes-components";

/** The label a container's components carry: the sidecar by its name, the rest as the app. */
function share(container: ContainerSize): string {
    if (container.name === KUBERNETES_COMPONENTS) return "Kubernetes components (kubelet, kube-proxy, containerd)";
    return container.name === "envoy" ? "Envoy sidecar" : `container ${container.name}`;
}

/**
 * vCPU and memory components per container, for `instances` running the whole month, in
 * `unitSeconds` (3600 for hour prices, 1 for second prices); `basis` names the pricing basis in
 * each line when it is not the resource's own cloud. A share without vCPU has no vCPU line.
 */
export function containerTime(
    ctx: PricerContext,
    containers: readonly ContainerSize[],
    instances: number,
    prices: { readonly vcpu: string; readonly memory: string; readonly unitSeconds: number },
    basis?: string,
): CostComponent[] {
    const units = (instances * HOURS_PER_MONTH * 3600) / prices.unitSeconds;
    const on = basis ? `, ${basis}` : "";
    return containers.flatMap((c) => [
        ...(c.vcpu > 0 ? components(ctx, `vCPU, ${share(c)} (${c.vcpu} x ${instances}${on})`, prices.vcpu, c.vcpu * units, false) : []),
        ...components(ctx, `Memory, ${share(c)} (${c.memoryGb} GB x ${instances}${on})`, prices.memory, c.memoryGb * units, false),
    ]);
}

/** Fargate bills the task's size: what the containers leave of it is the app's. */
export function fargateContainers(taskDefinition: RecordedResource): ContainerSize[] {
    const definitions: { name: string; cpu: number; memory: number }[] = JSON.parse(taskDefinition.inputs.containerDefinitions);
    const taskVcpu = Number(taskDefinition.inputs.cpu) / 1024;
    const taskGb = Number(taskDefinition.inputs.memory) / 1024;
    const sidecars = definitions
        .filter((d) => d.name === "envoy")
        .map((d) => ({ name: d.name, vcpu: d.cpu / 1024, memoryGb: d.memory / 1024 }));
    const rest = {
        vcpu: taskVcpu - sidecars.reduce((s, c) => s + c.vcpu, 0),
        memoryGb: taskGb - sidecars.reduce((s, c) => s + c.memoryGb, 0),
    };
    const app = definitions.find((d) => d.name !== "envoy")?.name ?? "app";
    return [{ name: app, ...rest }, ...sidecars];
}

/** Container Apps sizes: cpu in vCPU, memory as "0.5Gi". */
export function containerAppContainers(app: RecordedResource): ContainerSize[] {
    return (app.inputs.template?.containers ?? []).map((c: { name: string; resources: { cpu: number; memory: string } }) => ({
        name: c.name,
        vcpu: c.resources.cpu,
        memoryGb: parseFloat(c.resources.memory),
    }));
}

/** Cloud Run limits: cpu as "0.75", memory as "512Mi". */
export function cloudRunContainers(service: RecordedResource): ContainerSize[] {
    return (service.inputs.template?.containers ?? []).map(
        (c: { name: string; resources: { limits: { cpu: string; memory: string } } }) => ({
            name: c.name,
            vcpu: Number(c.resources.limits.cpu),
            memoryGb: parseFloat(c.resources.limits.memory) / 1024,
        }),
    );
}
