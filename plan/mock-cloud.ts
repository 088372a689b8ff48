import * as pulumi from "@pulumi/pulumi";
import { mockCall, mockId, mockState } from "./mock-state";

/** One resource the program registered, as the engine would have been asked to create it. */
export interface RecordedResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    /** URN of the parent, when the resource has one. */
    readonly parent?: string;
    /** false for component resources (they create nothing themselves). */
    readonly custom: boolean;
    /** The explicit provider it is created through (`<provider urn>::<id>`), when it is not the default one. */
    readonly provider?: string;
    /** URNs the resource waits for (its `dependsOn`, and the resources whose outputs it takes). */
    readonly waitsFor?: readonly string[];
    // Untyped on purpose: each provider's inputs, read field by field by the pricers and the tests.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    readonly inputs: Record<string, any>;
    /** Per input property, the URNs of the resources whose outputs it was built from (the engine's property dependencies). */
    readonly dependencies?: Readonly<Record<string, readonly string[]>>;
}

export interface Evaluation<T> {
    readonly resources: RecordedResource[];
    readonly result: T;
}

export interface EvaluateOptions {
    /** Stack config, keys fully qualified (`cloud-patterns:cloud`, `aws:region`). */
    readonly config?: Record<string, string>;
    readonly project?: string;
    readonly stack?: string;
    /** Answers to provider functions that take precedence over the mock cloud's (e.g. another GCP project id). */
    readonly calls?: Readonly<Record<string, Record<string, unknown>>>;
}

// The plan draws the resource graph, so it needs each resource's parent, and no public API gives
// it under mocks (checked in @pulumi/pulumi 3.248 and 3.276): `MockResourceArgs` carries type,
// name, inputs, provider, custom, id (and, in 3.276, transforms) but no parent;
// `registerResourceTransform` throws under `setMocks` in 3.248 (it turns transforms off) and in
// 3.276 only hands the transform to `mocks.registerTransform` without running it; the older
// `registerStackTransformation` needs the root stack resource, which `setMocks` never creates.
// So the mock monitor's registerResource is wrapped to add the request's parent URN to what the
// mocks get, its dependencies (for the tests that check creation order), and its property
// dependencies (which resources' outputs each input was built from: the diagram's edges).
// Private API: re-check on every @pulumi/pulumi bump (the plan tests fail without it).
// Patched once per process.
const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks");
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings");
if (!MockMonitor.prototype.__cloudPatternsParent) {
    const register = MockMonitor.prototype.registerResource;
    MockMonitor.prototype.registerResource = function (req: RegisterRequest, callback: unknown) {
        const parent = req.getParent() || undefined;
        const waitsFor = req.getDependenciesList();
        const dependencies = propertyDependencies(req);
        const mocks = this.mocks;
        const withParent = Object.create(this, {
            mocks: {
                value: {
                    call: (a: unknown) => mocks.call(a),
                    newResource: (a: object) => mocks.newResource({ ...a, parent, waitsFor, dependencies }),
                },
            },
        });
        return register.call(withParent, req, callback);
    };
    MockMonitor.prototype.__cloudPatternsParent = true;
}

interface RegisterRequest {
    getParent(): string;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(f: (deps: { getUrnsList(): string[] }, key: string) => void): void } | undefined;
}

function propertyDependencies(req: RegisterRequest): Record<string, string[]> {
    const found: Record<string, string[]> = {};
    req.getPropertydependenciesMap()?.forEach((deps, key) => {
        if (deps.getUrnsList().length) found[key] = deps.getUrnsList();
    });
    return found;
}

function urnOf(stack: string, project: string, type: string, name: string, parent?: string): string {
    const qualified = parent ? `${parent.split("::")[2]}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/**
 * Runs `program` under Pulumi mocks and returns every resource it registered.
 * The Pulumi runtime is global to the process: evaluations must not overlap.
 */
export async function evaluate<T>(program: () => T | Promise<T>, options: EvaluateOptions = {}): Promise<Evaluation<T>> {
    const project = options.project ?? "cloud-patterns";
    const stack = options.stack ?? "test";
    const resources: RecordedResource[] = [];
    pulumi.runtime.setAllConfig(options.config ?? {});
    await pulumi.runtime.setMocks(
        {
            newResource(
                args: pulumi.runtime.MockResourceArgs & { parent?: string; waitsFor?: string[]; dependencies?: Record<string, string[]> },
            ) {
                const id = mockId(args.type, args.name);
                resources.push({
                    type: args.type,
                    name: args.name,
                    urn: urnOf(stack, project, args.type, args.name, args.parent),
                    parent: args.parent,
                    custom: args.custom ?? true,
                    ...(args.provider && { provider: args.provider }),
                    waitsFor: args.waitsFor,
                    inputs: args.inputs,
                    dependencies: args.dependencies,
                });
                return { id: args.custom === false ? undefined : id, state: mockState(args.type, args.name, args.inputs, id) };
            },
            call: (args: pulumi.runtime.MockCallArgs) => options.calls?.[args.token] ?? mockCall(args.token, args.inputs),
        },
        project,
        stack,
        false,
    );
    const result = await program();
    await waitForRPCs();
    return { resources, result };
}

/** The resolved value of an output (under mocks every output resolves). */
export function valueOf<T>(output: pulumi.Input<T>): Promise<T> {
    return new Promise((resolve) => pulumi.output(output).apply((v) => resolve(v as T)));
}
