/**
 * The function the Anti-Corruption Layer deploys, as the bundler sees it. Components refer to
 * handlers only by path: the declarative entry, or the translator entry with the user's module
 * bundled under `cloud-patterns:acl-translator`.
 */
import * as path from "node:path";
import { BundleSpec } from "../platform/types";

const HANDLERS = path.resolve(__dirname, "../../handlers/anti-corruption-layer");

/** The specifier handlers/anti-corruption-layer/translator-handler.ts imports the user's module by. */
export const TRANSLATOR_SPECIFIER = "cloud-patterns:acl-translator";

/** The translator function: the declarative mapping from settings, or the user's translator module. */
export function translatorBundle(translatorModule?: string): BundleSpec {
    return translatorModule === undefined
        ? { entry: path.join(HANDLERS, "handler.ts"), exportName: "handler", trigger: { kind: "http" } }
        : { entry: path.join(HANDLERS, "translator-handler.ts"), exportName: "handler", trigger: { kind: "http" }, userModules: { [TRANSLATOR_SPECIFIER]: translatorModule } };
}

/** For `npm run bundle`: every function of this pattern, by name. */
export const functions: Record<string, BundleSpec> = { "anti-corruption-layer": translatorBundle() };
