/**
 * Kubernetes resource types -> cost components, on one documented basis (plan/prices/kubernetes.json):
 * each pod billed as EKS on Fargate bills it.
 */
import { fargateTaskSize } from "../../components/platform/fargate-sizes";
import { usageModel } from "../catalog";
import type { RecordedResource } from "../mock-cloud";
import { AppAlone, ContainerSize, containerTimeBesideAppAlone, KUBERNETES_COMPONENTS } from "./containers";
import { components, HOURS_PER_MONTH, Pricer } from "./pricer";

interface PodContainer {
    readonly name: string;
    readonly restartPolicy?: string;
    readonly resources?: { readonly requests?: { readonly cpu?: string; readonly memory?: string } };
}

/** A CPU quantity ("250m", "1") in vCPU. */
function vcpu(quantity: string | undefined): number {
    if (!quantity) return 0;
    return quantity.endsWith("m") ? Number(quantity.slice(0, -1)) / 1000 : Number(quantity);
}

/** A memory quantity ("512Mi", "1Gi") in MiB; the components write binary units. */
function mebibytes(quantity: string | undefined): number {
    if (!quantity) return 0;
    const match = /^(\d+(?:\.\d+)?)(Mi|Gi)$/.exec(quantity);
    if (!match) throw new Error(`plan: memory request '${quantity}' is not in Mi or Gi`);
    return Number(match[1]) * (match[2] === "Gi" ? 1024 : 1);
}

const requestOf = (c: PodContainer) => ({ vcpu: vcpu(c.resources?.requests?.cpu), memoryMb: mebibytes(c.resources?.requests?.memory) });

/**
 * The pod as a Fargate task (fargate-pod-configuration): the larger of the biggest init container
 * and the sum of the long-running containers (native sidecars, init containers that keep running,
 * among them), plus 256 MB, rounded up to a Fargate size. The sidecars' shares are their
 * requests; the overhead its own line; the app the rest, rounding included.
 */
export function fargatePodContainers(deployment: RecordedResource, overheadMb: number): ContainerSize[] {
    const pod = deployment.inputs.spec?.template?.spec ?? {};
    const inits: PodContainer[] = pod.initContainers ?? [];
    const sidecars = inits.filter((c) => c.restartPolicy === "Always");
    const running = [...(pod.containers ?? []), ...sidecars].map(requestOf);
    const initOnly = inits.filter((c) => c.restartPolicy !== "Always").map(requestOf);
    const total = (xs: { vcpu: number; memoryMb: number }[]) => ({
        vcpu: xs.reduce((s, x) => s + x.vcpu, 0),
        memoryMb: xs.reduce((s, x) => s + x.memoryMb, 0),
    });
    const sum = total(running);
    const biggestInit = initOnly.reduce((m, x) => ({ vcpu: Math.max(m.vcpu, x.vcpu), memoryMb: Math.max(m.memoryMb, x.memoryMb) }), {
        vcpu: 0,
        memoryMb: 0,
    });
    const size = fargateTaskSize(
        `${deployment.name} (EKS on Fargate)`,
        Math.round(Math.max(sum.vcpu, biggestInit.vcpu) * 1024),
        Math.max(sum.memoryMb, biggestInit.memoryMb) + overheadMb,
    );
    const shares = sidecars.map((c) => ({ name: c.name, vcpu: requestOf(c).vcpu, memoryGb: requestOf(c).memoryMb / 1024 }));
    const overhead = { name: KUBERNETES_COMPONENTS, vcpu: 0, memoryGb: overheadMb / 1024 };
    const app = {
        name: (pod.containers as PodContainer[] | undefined)?.[0]?.name ?? "app",
        vcpu: size.cpu / 1024 - shares.reduce((s, c) => s + c.vcpu, 0),
        memoryGb: size.memory / 1024 - shares.reduce((s, c) => s + c.memoryGb, 0) - overhead.memoryGb,
    };
    return [app, ...shares, overhead];
}

/** Alone, the app's containers would be a pod of their own: their requests plus the overhead, rounded up to a Fargate size. */
export function fargatePodAppAlone(deployment: RecordedResource, overheadMb: number): AppAlone {
    const pod = deployment.inputs.spec?.template?.spec ?? {};
    const own = ((pod.containers ?? []) as PodContainer[]).map(requestOf);
    const size = fargateTaskSize(
        `${deployment.name} (EKS on Fargate)`,
        Math.round(own.reduce((s, x) => s + x.vcpu, 0) * 1024),
        own.reduce((s, x) => s + x.memoryMb, 0) + overheadMb,
    );
    return {
        vcpu: size.cpu / 1024,
        memoryGb: size.memory / 1024,
        rule: `a pod of its own as EKS on Fargate bills it, its requests plus ${overheadMb} MB rounded up to a Fargate size`,
    };
}

const deployment: Pricer = (r, ctx) => {
    const overheadMb = usageModel<number>(ctx.catalog, "eks.fargate.podOverheadMb");
    return containerTimeBesideAppAlone(
        ctx,
        fargatePodContainers(r, overheadMb),
        fargatePodAppAlone(r, overheadMb),
        Math.max(1, r.inputs.spec?.replicas ?? 1),
        { vcpu: "eks.fargate.vcpu", memory: "eks.fargate.memory", unitSeconds: 3600 },
        "EKS on Fargate basis",
    );
};

const service: Pricer = (r, ctx) =>
    r.inputs.spec?.type === "LoadBalancer"
        ? components(ctx, "Cloud load balancer (billed by the cluster's cloud)", "kubernetes.service.loadBalancer", HOURS_PER_MONTH, false)
        : "no charge of its own: in-cluster networking (ClusterIP)";

export const kubernetesPricers: Readonly<Record<string, Pricer>> = {
    "kubernetes:apps/v1:Deployment": deployment,
    "kubernetes:core/v1:Service": service,
};
