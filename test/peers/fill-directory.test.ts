import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fillDirectory } from "../../plan/dev/peers/fill-directory";

/** Fills `scratch/payload/` with one file, as the DynamoDB Local fetch fills its extracted folder. */
async function writePayload(scratch: string, text: string): Promise<string> {
    const payload = path.join(scratch, "payload");
    fs.mkdirSync(payload);
    fs.writeFileSync(path.join(payload, "DynamoDBLocal.jar"), text);
    return payload;
}

describe("peers: filling a cache folder", () => {
    let parent: string;
    let target: string;
    beforeEach(() => {
        parent = fs.mkdtempSync(path.join(os.tmpdir(), "peers-fill-"));
        target = path.join(parent, "dynamodb-local");
    });
    afterEach(() => fs.rmSync(parent, { recursive: true, force: true }));

    it("moves the complete folder into place and leaves no scratch folder", async () => {
        await fillDirectory(target, (scratch) => writePayload(scratch, "jar"));
        assert.equal(fs.readFileSync(path.join(target, "DynamoDBLocal.jar"), "utf8"), "jar");
        assert.deepEqual(fs.readdirSync(parent), ["dynamodb-local"]);
    });

    it("leaves no target when the fetch fails half-way, so the next run fetches again", async () => {
        await assert.rejects(
            fillDirectory(target, async (scratch) => {
                await writePayload(scratch, "half a jar");
                throw new Error("connection reset while downloading");
            }),
            /connection reset while downloading/,
        );
        assert.deepEqual(fs.readdirSync(parent), []);
    });

    it("replaces an incomplete folder already there", async () => {
        fs.mkdirSync(target);
        fs.writeFileSync(path.join(target, "README.txt"), "no jar here");
        await fillDirectory(target, (scratch) => writePayload(scratch, "jar"));
        assert.deepEqual(fs.readdirSync(target), ["DynamoDBLocal.jar"]);
    });
});
