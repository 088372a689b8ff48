/** The user's translator module, resolved by the bundler (see translator-handler.ts). */
declare module "cloud-patterns:acl-translator" {
    const translator: unknown;
    export = translator;
}
