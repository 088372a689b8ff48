import * as pulumi from "@pulumi/pulumi";
import { Bundle } from "./types";

/**
 * The bundle as a Pulumi archive of in-memory files. Entries are added in sorted order so the
 * same bundle always gives the same archive (and the same asset hash: no needless redeploys).
 */
export function toArchive(bundle: Bundle): pulumi.asset.AssetArchive {
    const assets: Record<string, pulumi.asset.Asset> = {};
    for (const file of Object.keys(bundle.files).sort()) {
        assets[file] = new pulumi.asset.StringAsset(bundle.files[file]);
    }
    return new pulumi.asset.AssetArchive(assets);
}
