import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configFor, parseCloud, selectStacks } from "../../plan/compare";
import { parseStackConfig, readStackFile } from "../../plan/stack-file";
import { checkPatternKeys, parseWorkload } from "../../plan/workload";

describe("plan: stack config", () => {
    it("flattens a stack file into the runtime's string config", () => {
        const config = parseStackConfig(
            [
                "config:",
                "  cloud-patterns:cloud: aws",
                "  retry:",
                "    maxAttempts: 5",
                "  aws:region: eu-west-1",
                "  cloud-patterns:enabled: true",
                "  cloud-patterns:token:",
                "    secure: AAAB",
                "",
            ].join("\n"),
            "Pulumi.x.yaml",
        );
        assert.deepEqual(config, {
            "cloud-patterns:cloud": "aws",
            // unqualified keys belong to the project
            "cloud-patterns:retry": '{"maxAttempts":5}',
            "aws:region": "eu-west-1",
            "cloud-patterns:enabled": "true",
            "cloud-patterns:token": "[secret]",
        });
    });

    it("names the file, line and column of YAML that does not parse", () => {
        assert.throws(
            () => parseStackConfig("config:\n  a: [1, 2\n  b: c\n", "stacks/Pulumi.bad.yaml"),
            /stacks\/Pulumi\.bad\.yaml: the stack file is not valid YAML: .* at line \d+, column \d+/,
        );
    });

    it("reads an empty or comment-only stack file as no config, and refuses several documents", () => {
        assert.deepEqual(parseStackConfig("", "P.yaml"), {});
        assert.deepEqual(parseStackConfig("# nothing configured yet\n", "P.yaml"), {});
        assert.throws(
            () => parseStackConfig("config: {}\n---\nconfig: {}\n", "P.yaml"),
            /P\.yaml: a stack file is one YAML document, found 2/,
        );
    });

    it("rejects a stack file that is not a mapping, or config that is not one", () => {
        assert.throws(
            () => parseStackConfig("- a\n- b\n", "P.yaml"),
            /P\.yaml: a stack file must be a mapping with a 'config' key, got a list/,
        );
        assert.throws(
            () => parseStackConfig("config: 3\n", "P.yaml"),
            /P\.yaml: 'config' must be a mapping of keys to values, got number 3/,
        );
        assert.throws(() => parseStackConfig("config:\n  cloud-patterns:cloud:\n", "P.yaml"), /config 'cloud-patterns:cloud' has no value/);
    });

    it("leaves secure values unset: only the Pulumi CLI can decrypt them", () => {
        const dir = mkdtempSync(join(tmpdir(), "stacks-"));
        writeFileSync(
            join(dir, "Pulumi.prod.yaml"),
            "config:\n  cloud-patterns:cloud: gcp\n  cloud-patterns:legacyCredentials:\n    secure: v1:AAAA\n",
        );
        const stack = readStackFile(join(dir, "Pulumi.prod.yaml"));
        assert.deepEqual(stack.config, { "cloud-patterns:cloud": "gcp" });
        assert.deepEqual(stack.secrets, ["cloud-patterns:legacyCredentials"]);
    });

    it("switches the cloud and fills in provider defaults without overriding the stack's own", () => {
        const stack = { stack: "aws-dev", path: "p", config: { "cloud-patterns:cloud": "aws", "aws:region": "eu-west-1" } };
        assert.deepEqual(configFor(stack, "gcp"), {
            "gcp:region": "us-central1",
            "gcp:project": "cloud-patterns-plan",
            "cloud-patterns:cloud": "gcp",
            "aws:region": "eu-west-1",
        });
        assert.equal(configFor(stack, "aws")["aws:region"], "eu-west-1");
        assert.equal(configFor(stack, "azure")["azure-native:location"], "eastus");
    });

    it("names an unknown cloud and the valid ones", () => {
        assert.throws(
            () => parseCloud("oracle", "--cloud"),
            /--cloud: unknown cloud 'oracle'; valid values are aws, azure, gcp, kubernetes$/,
        );
    });

    it("names an unknown stack and the stacks there are", () => {
        const dir = mkdtempSync(join(tmpdir(), "stacks-"));
        writeFileSync(join(dir, "Pulumi.dev.yaml"), "config: {}\n");
        assert.throws(() => selectStacks({ stacksDir: dir, stacks: ["prod"] }), /unknown stack 'prod'; stacks in .*: dev/);
        assert.equal(readStackFile(join(dir, "Pulumi.dev.yaml")).stack, "dev");
    });
});

describe("plan: workload profile", () => {
    it("defaults every field and merges per-pattern overrides over the base", () => {
        const profile = parseWorkload(JSON.stringify({ requests: 1000, patterns: { retry: { messages: 50 } } }));
        assert.equal(profile.base.requests, 1000);
        assert.equal(profile.base.averageDurationMs, 100);
        assert.equal(profile.base.messageSizeKb, 1);
        assert.deepEqual(
            { requests: profile.patterns.retry.requests, messages: profile.patterns.retry.messages },
            { requests: 1000, messages: 50 },
        );
        assert.equal(parseWorkload(undefined).base.requests, 0);
    });

    it("names a field that is not a number or negative: the key, the allowed range, what it means and the value", () => {
        assert.throws(
            () => parseWorkload(JSON.stringify({ requests: "lots" })),
            /^Error: cloud-patterns:workload: requests must be a number >= 0 \(HTTP requests per month through the pattern's front door\), got "lots"$/,
        );
        assert.throws(
            () => parseWorkload(JSON.stringify({ storageGb: -1 })),
            /cloud-patterns:workload: storageGb must be a number >= 0 .*, got -1$/,
        );
        assert.throws(
            () => parseWorkload(JSON.stringify({ patterns: { retry: { messages: true } } })),
            /cloud-patterns:workload\.patterns\.retry: messages must be a number >= 0 .*, got true$/,
        );
    });

    it("names an unknown field with its value and lists the allowed ones and their range", () => {
        assert.throws(
            () => parseWorkload(JSON.stringify({ request: 5 })),
            /cloud-patterns:workload: workload field 'request' must be one of requests, messages, events, reads, writes, storageGb, averageDurationMs, messageSizeKb, logKbPerInvocation, logGb, patterns \(each a number >= 0\), got 5$/,
        );
        assert.throws(() => parseWorkload("12"), /cloud-patterns:workload must be a mapping/);
    });

    it("names a per-pattern profile for a pattern the registry does not know", () => {
        const profile = parseWorkload(JSON.stringify({ patterns: { retyr: { messages: 5 } } }));
        assert.throws(
            () => checkPatternKeys(profile, ["gatewayAggregation", "retry"], "stacks/Pulumi.dev.yaml: cloud-patterns:workload"),
            /^Error: stacks\/Pulumi\.dev\.yaml: cloud-patterns:workload: patterns key 'retyr' must be a pattern config key: gatewayAggregation, retry, got "retyr"$/,
        );
        assert.doesNotThrow(() => checkPatternKeys(parseWorkload(JSON.stringify({ patterns: { retry: {} } })), ["retry"], "w"));
    });
});
