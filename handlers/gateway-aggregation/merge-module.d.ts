/**
 * The merge module bundled with the function: esbuild resolves this specifier to the
 * component's `mergeModule` arg, or to `default-merge.ts` (BundleSpec.userModules).
 */
declare module "cloud-patterns:merge" {
    export const merge: import("./merge").MergeFunction;
}
