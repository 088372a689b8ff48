/**
 * The Ambassador's price: the sidecar's share of each task, revision or pod beside the app's, and
 * the app alone (without the sidecar) in the note, on every target; the AWS Application Load
 * Balancer; Kubernetes pods priced as EKS on Fargate bills them (plan/prices/kubernetes.json).
 * Every figure is worked out by hand from plan/prices/*.json. Evaluated under Pulumi mocks.
 */
import { strict as assert } from "node:assert";
import { AmbassadorIngress } from "../../components/ambassador";
import { join } from "node:path";
import { compareStacks } from "../../plan/compare";
import { priceResources } from "../../plan/price";
import type { TargetName } from "../../plan/types";
import { parseWorkload } from "../../plan/workload";
import { deploy } from "../ambassador/deploy";
import { costRows, round } from "./fixture";

const workload = parseWorkload(JSON.stringify({ patterns: { ambassador: { requests: 1_000_000 } } }));

async function priced(target: TargetName, args: Parameters<typeof deploy>[1]) {
    const { resources } = await deploy(target, args);
    return priceResources(target, resources, workload);
}

const rowsOf = (p: ReturnType<typeof priceResources>, name: string) => costRows(p.resources.filter((r) => r.name === name));

const noteOf = (p: ReturnType<typeof priced> extends Promise<infer P> ? P : never, name: string) =>
    p.resources.find((r) => r.name === name)!.note;

describe("plan: the Envoy sidecar's share and the app alone, on every target", () => {
    it("AWS: the sidecar's 0.25 vCPU and 0.25 GB of the 0.5 vCPU, 1 GB task; alone the app fits 0.25 vCPU, 0.5 GB", async () => {
        const p = await priced("aws", {});
        assert.deepEqual(rowsOf(p, "orders-service"), [
            // 730 hours; the app takes what the sidecar leaves of the task, rounding included
            ["orders-service", "vCPU, container app (0.25 x 1)", 182.5, 0.04048, 7.3876],
            ["orders-service", "Memory, container app (0.75 GB x 1)", 547.5, 0.004445, 2.4336375],
            ["orders-service", "vCPU, Envoy sidecar (0.25 x 1)", 182.5, 0.04048, 7.3876],
            ["orders-service", "Memory, Envoy sidecar (0.25 GB x 1)", 182.5, 0.004445, 0.8112125],
        ]);
        // alone: 182.5 x 0.04048 + 365 x 0.004445 = 7.3876 + 1.622425 = 9.010025; with the sidecar 18.02005
        assert.equal(
            noteOf(p, "orders-service"),
            "the app alone, without the sidecar: $9.01 a month (0.25 vCPU, 0.5 GB x 1, Fargate's smallest task that holds it); the sidecar adds $9.01",
        );
    });

    it("Azure: the sidecar's 0.25 vCPU and 0.5 GB beside the app's own; alone the app keeps its size", async () => {
        const p = await priced("azure", {});
        assert.deepEqual(rowsOf(p, "orders-app"), [
            // 2,628,000 seconds a month x 0.25 vCPU at $0.000024, x 0.5 GiB at $0.000003
            ["orders-app", "vCPU, container app (0.25 x 1)", 657000, 0.000024, 15.768],
            ["orders-app", "Memory, container app (0.5 GB x 1)", 1314000, 0.000003, 3.942],
            ["orders-app", "vCPU, Envoy sidecar (0.25 x 1)", 657000, 0.000024, 15.768],
            ["orders-app", "Memory, Envoy sidecar (0.5 GB x 1)", 1314000, 0.000003, 3.942],
        ]);
        assert.equal(
            noteOf(p, "orders-app"),
            "the app alone, without the sidecar: $19.71 a month (0.25 vCPU, 0.5 GB x 1, its own size, a Consumption pair); the sidecar adds $19.71",
        );
    });

    it("GCP: the sidecar's 0.25 of the instance's one vCPU; alone the app needs the whole vCPU anyway, so the sidecar adds its memory", async () => {
        const p = await priced("gcp", {});
        assert.deepEqual(rowsOf(p, "orders-service"), [
            ["orders-service", "vCPU, container app (0.75 x 1)", 1971000, 0.000024, 47.304],
            ["orders-service", "Memory, container app (0.5 GB x 1)", 1314000, 0.0000025, 3.285],
            ["orders-service", "vCPU, Envoy sidecar (0.25 x 1)", 657000, 0.000024, 15.768],
            ["orders-service", "Memory, Envoy sidecar (0.25 GB x 1)", 657000, 0.0000025, 1.6425],
        ]);
        // alone: 2,628,000 x 1 x 0.000024 + 1,314,000 x 0.0000025 = 63.072 + 3.285 = 66.357; with the sidecar 67.9995
        assert.equal(
            noteOf(p, "orders-service"),
            "the app alone, without the sidecar: $66.36 a month (1 vCPU, 0.5 GB x 1, Cloud Run's smallest whole-vCPU instance that holds it); the sidecar adds $1.64",
        );
    });

    it("Kubernetes: alone the app is a pod of 0.25 vCPU and 0.5 + 0.25 GB, rounded to 1 GB: the sidecar adds the next CPU size", async () => {
        const p = await priced("kubernetes", {});
        // alone: 0.25 vCPU, 512 + 256 MB -> 1 GB: 7.3876 + 730 x 0.004445 = 10.63245; with the sidecar 18.02005
        assert.equal(
            noteOf(p, "orders-deployment"),
            "the app alone, without the sidecar: $10.63 a month (0.25 vCPU, 1 GB x 1, a pod of its own as EKS on Fargate bills it, its requests plus 256 MB rounded up to a Fargate size); the sidecar adds $7.39",
        );
    });
});

describe("plan: the Ambassador's load balancer on AWS and its pods on Kubernetes", () => {
    it("AWS: an ALB is 730 hours at $0.0225 and its capacity units from the requests; idle, the hours alone", async () => {
        const p = await priced("aws", { ingress: AmbassadorIngress.Internal });
        assert.deepEqual(rowsOf(p, "orders-lb"), [
            ["orders-lb", "Load balancer hours", 730, 0.0225, 16.425],
            // 1M requests, each a new connection, 25 a second to an LCU: 1M / 90,000 = 11.111 LCU-hours (bytes: 2 KB x 1M = 1.9 GB, fewer)
            ["orders-lb", "Capacity units", 11.111111111, 0.008, 0.088888889],
        ]);
        assert.equal(p.resources.find((r) => r.name === "orders-lb")!.idleMonthlyCost, 16.425);
        assert.deepEqual(
            p.resources.filter((r) => r.pricing === undefined || r.pricing === "not-priced").map((r) => r.type),
            [],
            "every child priced or free",
        );
    });

    it("Kubernetes: the pod as an EKS Fargate task, 0.5 vCPU and 1 GB with the 256 MB overhead: $18.02, the sidecar its own lines", async () => {
        const p = await priced("kubernetes", { ingress: AmbassadorIngress.Internal });
        const basis = "EKS on Fargate basis";
        assert.deepEqual(rowsOf(p, "orders-deployment"), [
            // The app takes what the sidecar and the overhead leave of the Fargate size: 0.5 - 0.25 vCPU, 1 - 0.25 - 0.25 GB; 730 hours
            ["orders-deployment", `vCPU, container app (0.25 x 1, ${basis})`, 182.5, 0.04048, 7.3876],
            ["orders-deployment", `Memory, container app (0.5 GB x 1, ${basis})`, 365, 0.004445, 1.622425],
            ["orders-deployment", `vCPU, Envoy sidecar (0.25 x 1, ${basis})`, 182.5, 0.04048, 7.3876],
            ["orders-deployment", `Memory, Envoy sidecar (0.25 GB x 1, ${basis})`, 182.5, 0.004445, 0.8112125],
            [
                "orders-deployment",
                `Memory, Kubernetes components (kubelet, kube-proxy, containerd) (0.25 GB x 1, ${basis})`,
                182.5,
                0.004445,
                0.8112125,
            ],
        ]);
        assert.equal(round(p.monthlyCost), 18.02005);
        assert.equal(
            p.resources.find((r) => r.type === "kubernetes:core/v1:Service")!.note,
            "no charge of its own: in-cluster networking (ClusterIP)",
        );
        assert.deepEqual(p.pricesNotFound, []);
    });

    it("Kubernetes: rounds a pod up to the next Fargate size, the rounding the app's", async () => {
        // 0.5 + 0.25 vCPU -> 1 vCPU; 1024 + 256 + 256 MB = 1536 -> 2 GB
        const p = await priced("kubernetes", { app: { image: "ghcr.io/acme/orders:1.4.2", port: 8080, cpu: 0.5, memoryMb: 1024 } });
        const names = rowsOf(p, "orders-deployment").map((r) => r[1]);
        assert.deepEqual(names.slice(0, 2), [
            "vCPU, container app (0.75 x 1, EKS on Fargate basis)",
            "Memory, container app (1.5 GB x 1, EKS on Fargate basis)",
        ]);
    });

    it("Kubernetes: an external Service's cloud load balancer is a price not found, never zero", async () => {
        const p = await priced("kubernetes", { ingress: AmbassadorIngress.External });
        assert.deepEqual(p.pricesNotFound, [
            "kubernetes:core/v1:Service orders-service: Cloud load balancer (billed by the cluster's cloud)",
        ]);
    });

    it("compares the Kubernetes dev stack on the three clouds and on Kubernetes, which it picks", async function () {
        this.timeout(600_000);
        const [comparison] = await compareStacks({
            stacksDir: join(__dirname, "..", "..", "stacks"),
            stacks: ["kubernetes-dev"],
            concurrency: 2,
        });
        assert.deepEqual(
            comparison.clouds.map((c) => [c.cloud, c.stackCloud]),
            [
                ["aws", false],
                ["azure", false],
                ["gcp", false],
                ["kubernetes", true],
            ],
        );
        const kubernetes = comparison.clouds.find((c) => c.cloud === "kubernetes")!;
        assert.equal(round(kubernetes.monthlyCost), 18.02005);
        assert.ok(kubernetes.resources.every((r) => r.pricing !== "not-priced" && r.pricing !== undefined));
    });
});
