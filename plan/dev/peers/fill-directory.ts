import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Fills `target` through a scratch directory beside it, renamed into place when
 * complete: an interrupted download leaves only a `.partial-` directory, never
 * a `target` that looks installed but is not.
 * `fill` gets the scratch directory and returns the directory (inside it) to move to `target`.
 */
export async function fillDirectory(target: string, fill: (scratch: string) => Promise<string>): Promise<void> {
    const parent = path.dirname(target);
    fs.mkdirSync(parent, { recursive: true });
    const scratch = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.partial-`));
    try {
        const filled = await fill(scratch);
        // What is there is incomplete (else nobody would fill it): an older layout, a hand-made folder.
        fs.rmSync(target, { recursive: true, force: true });
        try {
            fs.renameSync(filled, target);
        } catch (error) {
            // A test run in another process renamed its complete copy in first.
            if (!fs.existsSync(target)) throw error;
        }
    } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
    }
}
