/**
 * The program of every stack: each registered pattern (components/patterns.ts) whose config key
 * the stack sets is deployed to the cloud named by `cloud-patterns:cloud`, with that key's object
 * as its args, and its outputs are exported under the pattern's stack output. The same stack file
 * with the cloud switched is how `npm start` compares the clouds.
 */
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE } from "../components/cloud";
import { PATTERNS } from "../components/patterns";

const config = new pulumi.Config(CONFIG_NAMESPACE);
const outputs: Record<string, unknown> = {};
for (const pattern of PATTERNS) {
    const deployed = pattern.deployFromConfig(config);
    if (deployed) outputs[pattern.stack.output] = deployed;
}

export = outputs;
