/**
 * Cloud Run's instance sizes, for the Cloud Run hosting block and the cost plan: no cloud SDK here.
 * cloud.google.com/run/docs/configuring/services/cpu (read 2026-12-01): an instance takes 1, 2, 4, 6
 * or 8 vCPU (values above 1 whole), with up to 4 GiB per vCPU and at least 2 GiB at 4 vCPU, 4 GiB
 * at 6 and 8. Below 1 vCPU (0.08-1) Cloud Run also requires concurrency 1, request-based billing and
 * the first-generation environment, none of which the hosting block sets.
 */

/** The vCPU an instance may have at or above 1. */
export const CLOUD_RUN_CPUS = [1, 2, 4, 6, 8] as const;

/** The memory range in MB an instance of `cpu` vCPU allows. */
export function cloudRunMemoryRangeMb(cpu: number): [number, number] {
    return [cpu >= 6 ? 4096 : cpu >= 4 ? 2048 : 128, cpu * 4096];
}
