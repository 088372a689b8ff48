/**
 * The plugin entry point `pulumi package add` runs (package.json `main`): serves the components to
 * Python, Go, .NET, Java and YAML programs over Pulumi's provider protocol.
 */
import { main } from "@pulumi/pulumi/provider";
import { CloudPatternsProvider } from "./component-provider";

// componentProviderHost would build a plain ComponentProvider; this one also refuses a missing
// required input by name (an InputPropertiesError the engine prints, never a stack trace).
main(new CloudPatternsProvider(), process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
});
