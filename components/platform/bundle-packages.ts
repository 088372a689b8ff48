/** The files beside `index.js` that each cloud's runtime needs to load a bundle. */
import { Cloud } from "../cloud";
import { Trigger } from "./types";

/** The functions-framework the GCP buildpack installs; the bundle itself does not contain it. */
const GCP_FUNCTIONS_FRAMEWORK = "5.0.5";

/** Package files for `cloud`, keyed by file name, in a fixed order (the hash depends on content only). */
export function packageFiles(cloud: Cloud, trigger: Trigger, functionName: string): Record<string, string> {
    switch (cloud) {
        case Cloud.Aws:
            return {};
        case Cloud.Azure:
            return {
                "host.json": json(azureHost(trigger)),
                "package.json": json({ name: functionName, version: "1.0.0", private: true, main: "index.js" }),
            };
        case Cloud.Gcp:
            return {
                "package.json": json({
                    name: functionName,
                    version: "1.0.0",
                    private: true,
                    main: "index.js",
                    engines: { node: ">=20" },
                    dependencies: { "@google-cloud/functions-framework": GCP_FUNCTIONS_FRAMEWORK },
                }),
            };
    }
}

function azureHost(trigger: Trigger): object {
    return {
        version: "2.0",
        logging: { applicationInsights: { samplingSettings: { isEnabled: true, excludedTypes: "Request" } } },
        // Non-HTTP triggers (Service Bus, Cosmos DB) ship in the extension bundle; HTTP is built in.
        ...(trigger.kind !== "http" && {
            extensionBundle: { id: "Microsoft.Azure.Functions.ExtensionBundle", version: "[4.*, 5.0.0)" },
        }),
        // The front door owns the path; no `/api` prefix in front of the function's routes.
        extensions: { http: { routePrefix: "" } },
    };
}

function json(value: object): string {
    return JSON.stringify(value, null, 2) + "\n";
}
