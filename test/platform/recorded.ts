import * as pulumi from "@pulumi/pulumi";

/**
 * The files of an archive as the mock engine recorded it: deserialized archives hold their
 * assets (and each StringAsset its text) as promises, so they are read back asynchronously.
 */
export async function recordedArchiveFiles(recorded: unknown): Promise<Record<string, string>> {
    const archive = recorded as pulumi.asset.AssetArchive;
    const assets = (await archive.assets) as Record<string, pulumi.asset.StringAsset>;
    const files: Record<string, string> = {};
    for (const [name, asset] of Object.entries(assets)) files[name] = String(await asset.text);
    return files;
}

/**
 * The error an output failed with. An apply that throws fails only the resources that take the
 * output (as a deployment would); `valueOf` would wait forever, so tests read the rejection here.
 */
export async function failureOf(output: pulumi.Output<unknown>): Promise<Error> {
    try {
        await (output as unknown as { promise(): Promise<unknown> }).promise();
    } catch (err) {
        return err as Error;
    }
    throw new Error("expected the output to fail, but it resolved");
}
