/**
 * The side-by-side comparison: each stack's program, evaluated under mocks once per cloud
 * (with `cloud-patterns:cloud` switched), then priced at the stack's workload profile.
 */
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { PATTERN_ENTRIES } from "../components/pattern-entries";
import { loadCatalog } from "./catalog";
import { evaluateInChild, inParallel } from "./evaluate-stack";
import type { RecordedResource } from "./mock-cloud";
import { priceResources } from "./price";
import { readStackFile, stackFilesIn, StackFile } from "./stack-file";
import { CloudCosts, CLOUDS, TargetName, TARGETS } from "./types";
import { checkPatternKeys, parseWorkload, WORKLOAD_CONFIG_KEY, WorkloadProfile } from "./workload";

export const CLOUD_KEY = "cloud-patterns:cloud";

/** Where each cloud's provider reads its region, and the default the plan uses when a stack sets none. */
export const PROVIDER_DEFAULTS: Readonly<Record<TargetName, Readonly<Record<string, string>>>> = {
    aws: { "aws:region": "us-east-1" },
    azure: { "azure-native:location": "eastus" },
    gcp: { "gcp:region": "us-central1", "gcp:project": "cloud-patterns-plan" },
    // Kubernetes is priced as EKS on Fargate (plan/prices/kubernetes.json): an AWS region's prices.
    kubernetes: { "aws:region": "us-east-1" },
};
const REGION_KEY: Readonly<Record<TargetName, string>> = {
    aws: "aws:region",
    azure: "azure-native:location",
    gcp: "gcp:region",
    kubernetes: "aws:region",
};

export interface CompareOptions {
    /** Folder of Pulumi.<stack>.yaml files. @default "stacks" */
    readonly stacksDir?: string;
    /** The program to evaluate. @default "<stacksDir>/index.ts" */
    readonly program?: string;
    /** Only these stacks (names, e.g. "aws-dev"). @default every stack file */
    readonly stacks?: readonly string[];
    /** @default aws, azure and gcp, and kubernetes for a comparison one of whose stack files picks it */
    readonly clouds?: readonly TargetName[];
    /** The Pulumi project: unqualified stack config keys belong to it. @default "cloud-patterns" */
    readonly project?: string;
    /** Child processes at once. @default the number of CPUs */
    readonly concurrency?: number;
}

/** A stack file of a comparison, with the cloud it picks and its region there. */
export interface StackRef {
    readonly stack: string;
    readonly path: string;
    /** The cloud the stack file picks, if any. */
    readonly cloud?: TargetName;
    /** The stack's region on the cloud it picks (the provider default when it sets none). */
    readonly region?: string;
}

/**
 * One distinct workload: the stacks whose config is the same but for the cloud they pick and
 * that cloud's provider settings (the dev stacks), evaluated once per cloud. On each cloud the
 * program runs with the provider settings of the stack that picks it.
 */
export interface StackEvaluation {
    /** The stacks' names, joined with ", ". */
    readonly stack: string;
    readonly stacks: readonly StackRef[];
    /** The first stack's file: where errors point. */
    readonly path: string;
    /** The cloud the stack file picks, when the comparison is of one stack. */
    readonly stackCloud?: TargetName;
    /** Every cloud a stack of the comparison picks. */
    readonly stackClouds: readonly TargetName[];
    readonly workload: WorkloadProfile;
    readonly clouds: { readonly cloud: TargetName; readonly region: string; readonly resources: RecordedResource[] }[];
}

export interface StackComparison extends Omit<StackEvaluation, "clouds"> {
    readonly clouds: CloudCosts[];
}

/** Checks a cloud name given on the command line or in a stack file. */
export function parseCloud(value: string, where: string): TargetName {
    if (!(TARGETS as readonly string[]).includes(value))
        throw new Error(`${where}: unknown cloud '${value}'; valid values are ${TARGETS.join(", ")}`);
    return value as TargetName;
}

/** The stack's config with the cloud switched, and provider defaults where the stack sets none. */
export function configFor(stack: StackFile, cloud: TargetName): Record<string, string> {
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

const PROVIDER_NAMESPACES: Readonly<Record<TargetName, string>> = {
    aws: "aws",
    azure: "azure-native",
    gcp: "gcp",
    kubernetes: "kubernetes",
};

const isProviderKey = (key: string, cloud?: TargetName) =>
    (cloud ? [cloud] : TARGETS).some((c) => key.startsWith(`${PROVIDER_NAMESPACES[c]}:`));

/** What makes two stacks compare the same workload: their config without the cloud they pick and the providers' settings. */
function workloadKey(stack: StackFile): string {
    return JSON.stringify(
        Object.entries(stack.config)
            .filter(([k]) => k !== CLOUD_KEY && !isProviderKey(k))
            .sort(([a], [b]) => a.localeCompare(b)),
    );
}

/** A group's config on `cloud`: the provider settings of the stack that picks it (else of the first that sets any). */
function groupConfigFor(group: readonly PreparedStack[], cloud: TargetName): Record<string, string> {
    const owner =
        group.find((p) => p.stackCloud === cloud) ??
        group.find((p) => Object.keys(p.file.config).some((k) => isProviderKey(k, cloud))) ??
        group[0];
    return configFor(owner.file, cloud);
}

interface PreparedStack {
    readonly file: StackFile;
    readonly stackCloud?: TargetName;
    readonly workload: WorkloadProfile;
}

/** The config that matters on `cloud`: without the other clouds' provider settings, in a stable order. */
function evaluationKey(config: Record<string, string>, cloud: TargetName): string {
    return JSON.stringify(
        Object.entries(config)
            .filter(([k]) => !isProviderKey(k) || isProviderKey(k, cloud))
            .sort(([a], [b]) => a.localeCompare(b)),
    );
}

export async function evaluateStacks(options: CompareOptions = {}): Promise<StackEvaluation[]> {
    const stacks = selectStacks(options);
    const program = resolve(options.program ?? join(options.stacksDir ?? "stacks", "index.ts"));
    const known = patternConfigKeys();
    const prepared: PreparedStack[] = stacks.map((s) => {
        const where = `${s.path}: ${WORKLOAD_CONFIG_KEY}`;
        const workload = parseWorkload(s.config[WORKLOAD_CONFIG_KEY], where);
        checkPatternKeys(workload, known, where);
        return {
            file: s,
            stackCloud: s.config[CLOUD_KEY] !== undefined ? parseCloud(s.config[CLOUD_KEY], `${s.path}: ${CLOUD_KEY}`) : undefined,
            workload,
        };
    });
    const groups = new Map<string, PreparedStack[]>();
    for (const p of prepared) groups.set(workloadKey(p.file), [...(groups.get(workloadKey(p.file)) ?? []), p]);
    const grouped = [...groups.values()];
    const cloudsOf = (g: readonly PreparedStack[]): readonly TargetName[] =>
        options.clouds ?? (g.some((p) => p.stackCloud === "kubernetes") ? TARGETS : CLOUDS);
    // Each group once per cloud; two groups that evaluate the same on a cloud, once.
    const runs = grouped.flatMap((g) =>
        cloudsOf(g).map((cloud) => ({ group: g, cloud, key: evaluationKey(groupConfigFor(g, cloud), cloud) })),
    );
    const keys = runs.map((r) => r.key);
    const unique = [...new Set(keys)];
    const tasks = unique.map((key) => async () => {
        const stack = runs[keys.indexOf(key)].group[0].file;
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
    return grouped.map((g) => {
        const stackClouds = [...new Set(g.flatMap((p) => (p.stackCloud ? [p.stackCloud] : [])))];
        return {
            stack: g.map((p) => p.file.stack).join(", "),
            stacks: g.map((p) => ({
                stack: p.file.stack,
                path: p.file.path,
                cloud: p.stackCloud,
                region: p.stackCloud && configFor(p.file, p.stackCloud)[REGION_KEY[p.stackCloud]],
            })),
            path: g[0].file.path,
            stackCloud: g.length === 1 ? g[0].stackCloud : undefined,
            stackClouds,
            workload: g[0].workload,
            clouds: runs
                .filter((r) => r.group === g)
                .map(({ cloud, key }) => ({
                    cloud,
                    region: groupConfigFor(g, cloud)[REGION_KEY[cloud]],
                    resources: evaluated[results.get(key)!],
                })),
        };
    });
}

/** The config keys of the registered patterns: what a per-pattern workload profile may name. */
function patternConfigKeys(): string[] {
    return PATTERN_ENTRIES.map((p) => p.configKey);
}

export function priceStacks(evaluations: readonly StackEvaluation[]): StackComparison[] {
    return evaluations.map((e) => ({
        ...e,
        clouds: e.clouds.map(({ cloud, region, resources }) => ({
            stack: e.stack,
            cloud,
            stackCloud: e.stackClouds.includes(cloud),
            region,
            priceRegion: loadCatalog(cloud).region,
            graph: resources,
            ...priceResources(cloud, resources, e.workload),
        })),
    }));
}

export async function compareStacks(options: CompareOptions = {}): Promise<StackComparison[]> {
    return priceStacks(await evaluateStacks(options));
}
