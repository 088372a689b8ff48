/** `cloud-patterns dev` from the parsed command line: one stack, one cloud, stopped by SIGINT / SIGTERM. */
import type { PulumiProject } from "../pulumi-project";
import { runDev } from "./command";

export interface DevFlags {
    readonly stack?: string[];
    readonly cloud?: string[];
    readonly "stacks-dir"?: string;
    readonly program?: string;
    readonly smoke?: boolean;
    readonly faults?: string;
}

export async function runDevCommand(flags: DevFlags, project: PulumiProject | undefined): Promise<number> {
    if ((flags.stack?.length ?? 0) > 1 || (flags.cloud?.length ?? 0) > 1)
        throw new Error("dev runs one stack on one cloud: give --stack and --cloud at most once");
    const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
    });
    return runDev({
        stack: flags.stack?.[0],
        cloud: flags.cloud?.[0],
        faults: flags.faults,
        smoke: flags.smoke,
        stacksDir: flags["stacks-dir"] ?? project?.stacksDir,
        program: flags.program ?? project?.program,
        project: project?.name,
        out: (text) => process.stdout.write(text),
        stopSignal,
    });
}
