/** Writes a bundle's files to a folder, for `npm run bundle` and for tests that load a bundle. */
import * as fs from "node:fs";
import * as path from "node:path";
import { Bundle } from "./types";

/** Replaces `dir` with exactly the bundle's files, so nothing from an older build lingers. */
export function writeBundle(bundle: Bundle, dir: string): void {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, content] of Object.entries(bundle.files)) fs.writeFileSync(path.join(dir, name), content);
}
