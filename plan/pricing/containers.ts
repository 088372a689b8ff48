/**
 * Container time, split per container: each task, revision or pod is priced as the app's share
 * and the Envoy sidecar's share (the Ambassador's "when to avoid": the sidecar is billed), for the
 * instances kept running all month (the scaling minimum, at least one), with the app alone beside
 * it: what the app's container would cost without the sidecar, sized by the target's own rule.
 */
import { CLOUD_RUN_CPUS, cloudRunMemoryRangeMb } from "../../components/platform/cloud-run-sizes";
import { fargateTaskSize } from "../../components/platform/fargate-sizes";
import type { RecordedResource } from "../mock-cloud";
import { usd } from "../render/format";
import type { CostComponent } from "../types";
import { components, HOURS_PER_MONTH, NotedCost, PricerContext } from "./pricer";

/** One container's size. */
export interface ContainerSize {
    readonly name: string;
    readonly vcpu: number;
    readonly memoryGb: number;
}

/** The sidecar's container name on every target (components/ambassador/sidecar.ts). */
const SIDECAR = "envoy";

/** The app's container as its target would bill it with no sidecar beside it, and the sizing rule that says so. */
export interface AppAlone {
    readonly vcpu: number;
    readonly memoryGb: number;
    readonly rule: string;
}

/** The share EKS on Fargate adds to each pod for kubelet, kube-proxy and containerd. */
export const KUBERNETES_COMPONENTS = "kubernetes-components";

/** The label a container's components carry: the sidecar by its name, the rest as the app. */
function share(container: ContainerSize): string {
    if (container.name === KUBERNETES_COMPONENTS) return "Kubernetes components (kubelet, kube-proxy, containerd)";
    return container.name === SIDECAR ? "Envoy sidecar" : `container ${container.name}`;
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

/** The found costs' sum, or null when a price was not found (never counted as zero). */
function total(costs: readonly CostComponent[]): number | null {
    return costs.some((c) => c.monthlyCost === null) ? null : costs.reduce((sum, c) => sum + c.monthlyCost!, 0);
}

/**
 * {@link containerTime}, and beside it, when a sidecar is among the containers, a note of the app
 * alone: the same instances sized for the app's container only, and what the sidecar adds to it
 * (the pattern's price, at list prices before free tiers).
 */
export function containerTimeBesideAppAlone(
    ctx: PricerContext,
    containers: readonly ContainerSize[],
    alone: AppAlone,
    instances: number,
    prices: Parameters<typeof containerTime>[3],
    basis?: string,
): CostComponent[] | NotedCost {
    const costs = containerTime(ctx, containers, instances, prices, basis);
    if (!containers.some((c) => c.name === SIDECAR)) return costs;
    const withSidecar = total(costs);
    const appAlone = total(containerTime(ctx, [{ name: "app", vcpu: alone.vcpu, memoryGb: alone.memoryGb }], instances, prices, basis));
    const added = withSidecar === null || appAlone === null ? "an amount not known (a price was not found)" : usd(withSidecar - appAlone);
    const size = `${alone.vcpu} vCPU, ${alone.memoryGb} GB x ${instances}, ${alone.rule}`;
    return {
        components: costs,
        note: `the app alone, without the sidecar: ${appAlone === null ? "unknown" : usd(appAlone)} a month (${size}); the sidecar adds ${added}`,
    };
}

type ContainerDefinition = { name: string; cpu: number; memory: number };

/** The app's container of a task definition: the one that is not the sidecar. */
function appDefinition(taskDefinition: RecordedResource): ContainerDefinition | undefined {
    const definitions: ContainerDefinition[] = JSON.parse(taskDefinition.inputs.containerDefinitions);
    return definitions.find((d) => d.name !== SIDECAR);
}

/** Alone, the app's container would run in Fargate's smallest task that holds it. */
export function fargateAppAlone(taskDefinition: RecordedResource): AppAlone {
    const app = appDefinition(taskDefinition) ?? { cpu: 0, memory: 0 };
    const size = fargateTaskSize(`${taskDefinition.name} (plan)`, app.cpu, app.memory);
    return { vcpu: size.cpu / 1024, memoryGb: size.memory / 1024, rule: "Fargate's smallest task that holds it" };
}

/** Fargate bills the task's size: what the containers leave of it is the app's. */
export function fargateContainers(taskDefinition: RecordedResource): ContainerSize[] {
    const definitions: { name: string; cpu: number; memory: number }[] = JSON.parse(taskDefinition.inputs.containerDefinitions);
    const taskVcpu = Number(taskDefinition.inputs.cpu) / 1024;
    const taskGb = Number(taskDefinition.inputs.memory) / 1024;
    const sidecars = definitions
        .filter((d) => d.name === SIDECAR)
        .map((d) => ({ name: d.name, vcpu: d.cpu / 1024, memoryGb: d.memory / 1024 }));
    const rest = {
        vcpu: taskVcpu - sidecars.reduce((s, c) => s + c.vcpu, 0),
        memoryGb: taskGb - sidecars.reduce((s, c) => s + c.memoryGb, 0),
    };
    const app = definitions.find((d) => d.name !== SIDECAR)?.name ?? "app";
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

/** Alone, the app's container keeps its own size: a Consumption pair already (2 GiB per vCPU). */
export function containerAppAppAlone(app: RecordedResource): AppAlone {
    const own = containerAppContainers(app).find((c) => c.name !== SIDECAR) ?? { vcpu: 0, memoryGb: 0 };
    return { vcpu: own.vcpu, memoryGb: own.memoryGb, rule: "its own size, a Consumption pair" };
}

/** Alone, the app's container would run in Cloud Run's smallest whole-vCPU instance that holds it (cloud-run-sizes.ts). */
export function cloudRunAppAlone(service: RecordedResource): AppAlone {
    const own = cloudRunContainers(service).find((c) => c.name !== SIDECAR) ?? { vcpu: 0, memoryGb: 0 };
    const vcpu = CLOUD_RUN_CPUS.find((cpu) => cpu >= own.vcpu) ?? CLOUD_RUN_CPUS[CLOUD_RUN_CPUS.length - 1];
    const memoryGb = Math.max(own.memoryGb, cloudRunMemoryRangeMb(vcpu)[0] / 1024);
    return { vcpu, memoryGb, rule: "Cloud Run's smallest whole-vCPU instance that holds it" };
}
