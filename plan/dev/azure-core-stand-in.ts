/**
 * `@azure/functions-core` is provided by the Functions worker, never by a package. This stand-in
 * records what the bundled `@azure/functions` registers (metadata and handler) on globalThis, so
 * an Azure bundle can be loaded and its handlers invoked without the Functions host.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const AZURE_CORE_STAND_IN = `
const registrations = (globalThis.__azureCoreRegistrations ??= []);
module.exports = {
    setProgrammingModel(model) { registrations.programmingModel = model.name; },
    registerFunction(metadata, callback) { registrations.push({ metadata, callback }); return { dispose() {} }; },
};
`;

/** What the stand-in recorded for one function: its metadata (name, bindings, retry) and the handler. */
export interface AzureCoreRegistration {
    readonly metadata: { name: string; bindings: Record<string, Record<string, unknown>>; retryOptions?: Record<string, unknown> };
    readonly callback: (...args: unknown[]) => Promise<unknown>;
}

/** Puts the recording worker stand-in where an Azure bundle in `dir` resolves `@azure/functions-core`. */
export function installAzureCoreStandIn(dir: string): void {
    const core = path.join(dir, "node_modules", "@azure", "functions-core");
    fs.mkdirSync(core, { recursive: true });
    fs.writeFileSync(path.join(core, "index.js"), AZURE_CORE_STAND_IN);
}

/** Every registration the stand-in recorded in this process. */
export function azureCoreRegistrations(): AzureCoreRegistration[] & { programmingModel?: string } {
    return ((globalThis as Record<string, unknown>).__azureCoreRegistrations ??= []) as AzureCoreRegistration[];
}
