/**
 * The translator module the bundler resolves for the function entries (entries/<cloud>-translator.ts):
 * the user's `translatorModule`, or mapping-translator.ts.
 */
declare module "cloud-patterns:acl-translator" {
    const translator: unknown;
    export = translator;
}
