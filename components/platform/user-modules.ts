/**
 * The one step that bundles a component's functions that run user modules (a merge, a
 * translator, a worker, a decider), before the component or any child is registered: a module
 * that does not compile then fails `pulumi preview` with nothing created, naming the arg.
 * The function hosting bundles the same spec under the same name later and gets the memoized bundle.
 */
import { Cloud } from "../cloud";
import { bundleFunction, BundleError } from "./bundle";
import { packagedFunctionName } from "./naming";
import { BundleSpec } from "./types";

/** A function whose bundle carries a user module. */
export interface UserModuleFunction {
    /** The arg that names the module, e.g. `mergeModule`. */
    readonly arg: string;
    /** The user's module, resolved; undefined when the built-in one is bundled. */
    readonly module: string | undefined;
    readonly bundle: BundleSpec;
    /** The logical name the function is hosted under (the `name` its hosting is called with). */
    readonly functionName: string;
}

/** Bundles each function for `cloud`; throws `<owner>: <arg> '<path>' cannot be bundled: <esbuild's first message>`. */
export function bundleUserModules(owner: string, cloud: Cloud, functions: readonly UserModuleFunction[]): void {
    for (const fn of functions) {
        try {
            bundleFunction(fn.bundle, cloud, packagedFunctionName(fn.functionName));
        } catch (err) {
            const problem = err instanceof BundleError ? err.firstProblem : (err as Error).message;
            const module = fn.module === undefined ? `the built-in module for ${fn.arg}` : `${fn.arg} '${fn.module}'`;
            throw new Error(`${owner}: ${module} cannot be bundled for ${cloud}: ${problem}`, { cause: err });
        }
    }
}
