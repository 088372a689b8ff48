/**
 * The cloud-patterns components as one Pulumi component provider: the schema Pulumi infers from
 * the Args interfaces and their JSDoc, and construct() of each component from another language's
 * inputs. A required input that is missing is refused by name before the component runs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider, ComponentResourceConstructor, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import type { ConstructResult } from "@pulumi/pulumi/provider";
import * as components from "../components";
import { missingRequiredInputs, PackageSchema } from "./required-inputs";

/** The provider name: the package of every type token, `cloud-patterns:index:<Component>`. */
export const PROVIDER_NAME = "cloud-patterns";

/** Every component `components/index.ts` exports: what the provider serves. */
export const COMPONENTS: readonly ComponentResourceConstructor[] = getPulumiComponents(components);

/** The package root: the directory of PulumiPlugin.yaml, above this file in the sources and in the build. */
function packageRoot(from: string): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "PulumiPlugin.yaml"))) return dir;
        if (path.dirname(dir) === dir) throw new Error(`cloud-patterns provider: no PulumiPlugin.yaml above ${from}`);
    }
}

export class CloudPatternsProvider extends ComponentProvider {
    constructor(root: string = packageRoot(__dirname)) {
        const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
        // provider/ holds the analyzer's own tsconfig: the components' sources with the cloud SDKs
        // stubbed (their types are not part of any input or output), which keeps the analysis fast.
        super({ name: PROVIDER_NAME, version, dirname: path.join(root, "provider"), components: [...COMPONENTS] });
    }

    async construct(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions): Promise<ConstructResult> {
        const schema = JSON.parse(await this.getSchema()) as PackageSchema;
        const missing = missingRequiredInputs(schema, type, inputs);
        if (missing.length > 0) {
            const component = type.split(":")[2];
            throw new pulumi.InputPropertiesError({
                message: `${component} '${name}': missing required input${missing.length > 1 ? "s" : ""} ${missing.map((m) => m.propertyPath).join(", ")}`,
                errors: missing,
            });
        }
        return super.construct(name, type, inputs, options);
    }
}
