import * as path from "node:path";
import { PACKAGE_ROOT } from "../../../components/platform/package-root";

/** The package root (the repository, or the installed package). */
export const repoRoot = PACKAGE_ROOT;

/** Where the test run puts downloaded peer files (git-ignored). */
export const cacheDir = path.join(repoRoot, ".cache");

/** The google-cloud-cli root (Debian package layout), overridable for other layouts. */
export const gcloudRoot = process.env.CLOUDSDK_ROOT_DIR ?? "/usr/lib/google-cloud-sdk";
