/**
 * The decider module bundled with the command function: esbuild resolves this specifier to the
 * component's `deciderModule` arg, or to `account-decider.ts` (BundleSpec.userModules).
 */
declare module "cloud-patterns:decider" {
    export const decide: import("./decider").Decider["decide"];
    export const evolve: import("./decider").Decider["evolve"];
    export const initialState: import("./decider").Decider["initialState"];
}
