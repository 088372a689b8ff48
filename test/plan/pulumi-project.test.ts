/** Defaults the command takes from the Pulumi.yaml of the folder it runs in. */
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readPulumiProject } from "../../plan/pulumi-project";
import { readStackFile } from "../../plan/stack-file";

function project(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), "cloud-patterns-project-"));
    for (const [name, text] of Object.entries(files)) {
        mkdirSync(join(dir, name, ".."), { recursive: true });
        writeFileSync(join(dir, name), text);
    }
    return dir;
}

describe("plan: the Pulumi project file", () => {
    it("is optional: a folder without Pulumi.yaml gives no defaults", () => {
        assert.equal(readPulumiProject(project({})), undefined);
    });

    it("takes the program from main (a folder: its index.ts) and the stack files from stackConfigDir", () => {
        const dir = project({ "Pulumi.yaml": "name: shop\nruntime: nodejs\nmain: src/\nstackConfigDir: stacks\n", "src/index.ts": "" });
        assert.deepEqual(readPulumiProject(dir), { name: "shop", program: join(dir, "src", "index.ts"), stacksDir: join(dir, "stacks") });
    });

    it("without main runs the folder's package.json main, as the nodejs runtime does; stack files sit beside Pulumi.yaml", () => {
        const dir = project({
            "Pulumi.yaml": "name: shop\nruntime: nodejs\n",
            "package.json": '{ "main": "infra.ts" }',
            "infra.ts": "",
            "index.ts": "",
        });
        assert.deepEqual(readPulumiProject(dir), { name: "shop", program: join(dir, "infra.ts"), stacksDir: dir });
    });

    it("gives unqualified stack keys the project's name", () => {
        const dir = project({ "Pulumi.dev.yaml": "config:\n  usersUrl: https://users.example.com\n  cloud-patterns:cloud: aws\n" });
        assert.deepEqual(readStackFile(join(dir, "Pulumi.dev.yaml"), "shop").config, {
            "shop:usersUrl": "https://users.example.com",
            "cloud-patterns:cloud": "aws",
        });
    });

    it("names what is wrong in the project file", () => {
        assert.throws(
            () => readPulumiProject(project({ "Pulumi.yaml": "runtime: nodejs\n" })),
            /Pulumi\.yaml: a project file needs a 'name' \(a string\)/,
        );
        assert.throws(
            () => readPulumiProject(project({ "Pulumi.yaml": "name: shop\nmain: [a]\n" })),
            /Pulumi\.yaml: 'main' must be a path \(a string\), got \["a"\]/,
        );
        assert.throws(
            () => readPulumiProject(project({ "Pulumi.yaml": "name: [shop\n" })),
            /Pulumi\.yaml: the project file is not valid YAML/,
        );
    });
});
