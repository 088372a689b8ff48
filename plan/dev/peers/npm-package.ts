import type { Requirement } from "./requirement";

/** An npm devDependency the peer runs in this process: `npm install` brings it, the test run only checks. */
export function npmPackage(module: string): Requirement {
    return {
        name: `npm package ${module}`,
        missing: () => (canResolve(module) ? undefined : `the npm package '${module}' is not installed`),
        remedy: "run `npm install`",
    };
}

function canResolve(module: string): boolean {
    try {
        require.resolve(module);
        return true;
    } catch {
        return false;
    }
}
