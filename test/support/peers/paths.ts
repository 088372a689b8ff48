import * as path from "node:path";

/** The repository root (this file is test/support/peers/paths.ts). */
export const repoRoot = path.resolve(__dirname, "../../..");

/** Where scripts/install-test-peers.sh puts downloaded peer files (git-ignored). */
export const cacheDir = path.join(repoRoot, ".cache");

/** The command that installs every peer's prerequisites. */
export const installCommand = "bash scripts/install-test-peers.sh";

/** The google-cloud-cli root (Debian package layout), overridable for other layouts. */
export const gcloudRoot = process.env.CLOUDSDK_ROOT_DIR ?? "/usr/lib/google-cloud-sdk";

/** Whether an npm package is installed (a missing in-process peer is skipped or failed by name). */
export function canResolve(module: string): boolean {
    try {
        require.resolve(module);
        return true;
    } catch {
        return false;
    }
}
