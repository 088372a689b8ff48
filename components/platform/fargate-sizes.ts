/** Fargate's task sizes, for ECS tasks and for EKS pods on Fargate (and the cost plan): no cloud SDK here. */
import { ArgsValidator } from "./validate";

/**
 * Fargate's task sizes: CPU units and the memory each allows, in MB
 * (docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size).
 */
const FARGATE_SIZES: readonly { readonly cpu: number; readonly memory: readonly number[] }[] = [
    { cpu: 256, memory: [512, 1024, 2048] },
    { cpu: 512, memory: [1024, 2048, 3072, 4096] },
    { cpu: 1024, memory: range(2048, 8192, 1024) },
    { cpu: 2048, memory: range(4096, 16384, 1024) },
    { cpu: 4096, memory: range(8192, 30720, 1024) },
    { cpu: 8192, memory: range(16384, 61440, 4096) },
    { cpu: 16384, memory: range(32768, 122880, 8192) },
];

function range(from: number, to: number, step: number): number[] {
    return Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
}

/** The smallest Fargate size that holds `cpuUnits` and `memoryMb`; throws above the largest. */
export function fargateTaskSize(owner: string, cpuUnits: number, memoryMb: number): { cpu: number; memory: number } {
    for (const size of FARGATE_SIZES) {
        const memory = size.memory.find((m) => m >= memoryMb);
        if (size.cpu >= cpuUnits && memory !== undefined) return { cpu: size.cpu, memory };
    }
    return new ArgsValidator(owner).fail("the containers' total size", "at most 16 vCPU and 120 GB (Fargate's largest task)", {
        cpuUnits,
        memoryMb,
    });
}
