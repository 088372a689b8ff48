import * as path from "node:path";

/** The repository root (this file is test/support/peers/paths.ts). */
export const repoRoot = path.resolve(__dirname, "../../..");

/** Where the test run puts downloaded peer files (git-ignored). */
export const cacheDir = path.join(repoRoot, ".cache");

/** The google-cloud-cli root (Debian package layout), overridable for other layouts. */
export const gcloudRoot = process.env.CLOUDSDK_ROOT_DIR ?? "/usr/lib/google-cloud-sdk";
