/**
 * The side-by-side comparison: each stack's program, evaluated under mocks once per cloud
 * (with `cloud-patterns:cloud` switched), then priced at the stack's workload profile.
 */
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { evaluateInChild, inParallel } from "./evaluate-stack";
import type { RecordedResource } from "./mock-cloud";
import { priceResources } from "./price";
import { readStackFile, stackFilesIn, StackFile } from "./stack-file";
import { CloudCosts, CloudName, CLOUDS } from "./types";
import { parseWorkload, WORKLOAD_CONFIG_KEY, WorkloadProfile } from "./workload";

export const CLOUD_KEY = "cloud-patterns:cloud";

/** Where each cloud's provider reads its region, and the default the plan uses when a stack sets none. */
export const PROVIDER_DEFAULTS: Readonly<Record<CloudName, Readonly<Record<string, string>>>> = {
    aws: { "aws:region": "us-east-1" },
    azure: { "azure-native:location": "eastus" },
    gcp: { "gcp:region": "us-central1", "gcp:project": "cloud-patterns-plan" },
};
const REGION_KEY: Readonly<Record<CloudName, string>> = { aws: "aws:region", azure: "azure-native:location", gcp: "gcp:region" };

export interface CompareOptions {
    /** Folder of Pulumi.<stack>.yaml files. @default "stacks" */
    readonly stacksDir?: string;
    /** The program to evaluate. @default "<stacksDir>/index.ts" */
    readonly program?: string;
    /** Only these stacks (names, e.g. "aws-dev"). @default every stack file */
    readonly stacks?: readonly string[];
    /** @default every cloud */
    readonly clouds?: readonly CloudName[];
    /** The Pulumi project: unqualified stack config keys belong to it. @default "cloud-patterns" */
    readonly project?: string;
    /** Child processes at once. @default the number of CPUs */
    readonly concurrency?: number;
}

export interface StackEvaluation {
    readonly stack: string;
    readonly path: string;
    /** The cloud the stack file picks, if any. */
    readonly stackCloud?: CloudName;
    readonly workload: WorkloadProfile;
    readonly clouds: { readonly cloud: CloudName; readonly region: string; readonly resources: RecordedResource[] }[];
}

export interface StackComparison extends Omit<StackEvaluation, "clouds"> {
    readonly clouds: CloudCosts[];
}

/** Checks a cloud name given on the command line or in a stack file. */
export function parseCloud(value: string, where: string): CloudName {
    if (!(CLOUDS as readonly string[]).includes(value))
        throw new Error(`${where}: unknown cloud '${value}'; valid values are ${CLOUDS.join(", ")}`);
    return value as CloudName;
}

/** The stack's config with the cloud switched, and provider defaults where the stack sets none. */
export function configFor(stack: StackFile, cloud: CloudName): Record<string, string> {
    return { ...PROVIDER_DEFAULTS[cloud], ...stack.config, [CLOUD_KEY]: cloud };
}

/** Reads and checks the stack files before any evaluation starts: bad input fails fast. */
export function selectStacks(options: CompareOptions): StackFile[] {
    const dir = resolve(options.stacksDir ?? "stacks");
    const files = stackFilesIn(dir).map((f) => readStackFile(f, options.project));
    if (files.length === 0) throw new Error(`${dir}: no stack files (Pulumi.<stack>.yaml)`);
    if (!options.stacks?.length) return files;
    return options.stacks.map((name) => {
        const found = files.find((f) => f.stack === name);
        if (!found) throw new Error(`unknown stack '${name}'; stacks in ${dir}: ${files.map((f) => f.stack).join(", ")}`);
        return found;
    });
}

const PROVIDER_NAMESPACES: Readonly<Record<CloudName, string>> = { aws: "aws", azure: "azure-native", gcp: "gcp" };

/** The config that matters on `cloud`: without the other clouds' provider settings, in a stable order. */
function evaluationKey(config: Record<string, string>, cloud: CloudName): string {
    const others = CLOUDS.filter((c) => c !== cloud).map((c) => `${PROVIDER_NAMESPACES[c]}:`);
    return JSON.stringify(
        Object.entries(config)
            .filter(([k]) => !others.some((o) => k.startsWith(o)))
            .sort(([a], [b]) => a.localeCompare(b)),
    );
}

export async function evaluateStacks(options: CompareOptions = {}): Promise<StackEvaluation[]> {
    const stacks = selectStacks(options);
    const program = resolve(options.program ?? join(options.stacksDir ?? "stacks", "index.ts"));
    const clouds = options.clouds ?? CLOUDS;
    const prepared = stacks.map((s) => ({
        file: s,
        stackCloud: s.config[CLOUD_KEY] !== undefined ? parseCloud(s.config[CLOUD_KEY], `${s.path}: ${CLOUD_KEY}`) : undefined,
        workload: parseWorkload(s.config[WORKLOAD_CONFIG_KEY], `${s.path}: ${WORKLOAD_CONFIG_KEY}`),
    }));
    // Stacks that differ only in another cloud's provider settings evaluate the same: once.
    const keys = prepared.flatMap((p) => clouds.map((cloud) => evaluationKey(configFor(p.file, cloud), cloud)));
    const unique = [...new Set(keys)];
    const tasks = unique.map((key) => async () => {
        const stack = prepared[Math.floor(keys.indexOf(key) / clouds.length)].file;
        try {
            return await evaluateInChild(program, Object.fromEntries(JSON.parse(key)), stack.stack, options.project);
        } catch (err) {
            const unset = stack.secrets?.length
                ? ` (secure values are left unset offline: ${stack.secrets.join(", ")}; a program should treat them as optional)`
                : "";
            throw new Error(`${(err as Error).message}${unset}`, { cause: err });
        }
    });
    const results = new Map(unique.map((key, i) => [key, i]));
    const evaluated = await inParallel(tasks, options.concurrency ?? Math.max(1, cpus().length));
    return prepared.map((p, i) => ({
        stack: p.file.stack,
        path: p.file.path,
        stackCloud: p.stackCloud,
        workload: p.workload,
        clouds: clouds.map((cloud, j) => ({
            cloud,
            region: configFor(p.file, cloud)[REGION_KEY[cloud]],
            resources: evaluated[results.get(keys[i * clouds.length + j])!],
        })),
    }));
}

export function priceStacks(evaluations: readonly StackEvaluation[]): StackComparison[] {
    return evaluations.map((e) => ({
        ...e,
        clouds: e.clouds.map(({ cloud, region, resources }) => ({
            stack: e.stack,
            cloud,
            stackCloud: cloud === e.stackCloud,
            region,
            graph: resources,
            ...priceResources(cloud, resources, e.workload),
        })),
    }));
}

export async function compareStacks(options: CompareOptions = {}): Promise<StackComparison[]> {
    return priceStacks(await evaluateStacks(options));
}
