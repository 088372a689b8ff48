/**
 * The function the Anti-Corruption Layer deploys, as the bundler sees it. Components refer to
 * handlers only by path. There is one entry per cloud, so a bundle carries only that cloud's
 * secret-store SDK; the translator is bundled under `cloud-patterns:acl-translator`: the user's
 * module, or the built-in one that translates with the declarative mapping from the settings.
 */
import * as path from "node:path";
import { Cloud } from "../cloud";
import { PACKAGE_ROOT } from "../platform/package-root";
import { BundleSpec } from "../platform/types";

const HANDLERS = path.join(PACKAGE_ROOT, "handlers/anti-corruption-layer");

/** The specifier handlers/anti-corruption-layer/entries/<cloud>-translator.ts import the translator by. */
export const TRANSLATOR_SPECIFIER = "cloud-patterns:acl-translator";
/** The built-in translator module: the declarative mapping in the function's settings. */
export const MAPPING_TRANSLATOR_MODULE = path.join(HANDLERS, "mapping-translator.ts");

/** The translator function for `cloud`, with the user's translator module or the built-in one. */
export function translatorBundle(cloud: Cloud, translatorModule: string = MAPPING_TRANSLATOR_MODULE): BundleSpec {
    return {
        entry: path.join(HANDLERS, "entries", `${cloud}-translator.ts`),
        exportName: "handler",
        trigger: { kind: "http" },
        userModules: { [TRANSLATOR_SPECIFIER]: translatorModule },
    };
}

/** For `npm run bundle`: every function of this pattern, by name, one spec per cloud. */
export const functions: Record<string, Partial<Record<Cloud, BundleSpec>>> = {
    "anti-corruption-layer": Object.fromEntries(Object.values(Cloud).map((cloud) => [cloud, translatorBundle(cloud)])),
};
