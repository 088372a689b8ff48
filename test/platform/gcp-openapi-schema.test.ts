/**
 * Every pattern's GCP front door, with every arg variant of test/fixtures/plan/variants.ts: the
 * OpenAPI document of each API Gateway config, validated by @apidevtools/swagger-parser against the
 * Swagger 2.0 schema (the only OpenAPI version API Gateway takes) and the spec's own rules (unique
 * operation ids, path parameters declared, security schemes defined).
 *
 * Proves: API Gateway would not refuse a document for being invalid Swagger 2.0. Cannot prove:
 * what API Gateway checks beyond the spec (its `x-google-*` extensions, quotas, the backend's
 * reachability), which only a deploy shows. The configs are registered only once the functions'
 * URIs resolve, so the program waits for every output of every component before it ends.
 */
import { strict as assert } from "node:assert";
import SwaggerParser from "@apidevtools/swagger-parser";
import * as pulumi from "@pulumi/pulumi";
import { PATTERNS } from "../../components/patterns";
import { evaluate, RecordedResource } from "../../plan/mock-cloud";
import { ARG_VARIANTS } from "../fixtures/plan/variants";
import { ofType } from "../support/resources";

const VARIANTS = ARG_VARIANTS.filter((v) => !v.clouds || v.clouds.includes("gcp"));

/** The recorded OpenAPI documents, by API Gateway config name. */
function documentsOf(resources: readonly RecordedResource[]): Map<string, object> {
    return new Map(
        ofType(resources, "gcp:apigateway/apiConfig:ApiConfig").map((config) => {
            const [document] = config.inputs.openapiDocuments;
            return [config.name, JSON.parse(Buffer.from(document.document.contents, "base64").toString("utf8"))];
        }),
    );
}

describe("GCP API Gateway: every pattern's OpenAPI document is valid Swagger 2.0", function () {
    this.timeout(600_000);
    let documents: Map<string, object>;

    before(async () => {
        const { resources } = await evaluate(
            async () => {
                const components = VARIANTS.map((v) => PATTERNS.find((p) => p.className === v.pattern)!.create(v.name, v.args));
                const outputs = components.flatMap((c) => Object.values(c).filter((value) => pulumi.Output.isInstance(value)));
                await new Promise((resolve) => pulumi.all(outputs).apply(resolve));
            },
            { config: { "cloud-patterns:cloud": "gcp", "gcp:project": "mock-project", "gcp:region": "europe-west1" } },
        );
        documents = documentsOf(resources);
    });

    // The Ambassador runs on Cloud Run with no gateway; Retry's enqueue is its function's own URL,
    // called with an identity token by the members given invoker on it.
    it("finds a front door for every pattern that has one on GCP (all but the Ambassador and Retry; CQRS has two, one with source)", () => {
        const patternsWithDoors = new Set(
            VARIANTS.filter((v) => [...documents.keys()].some((name) => name.startsWith(`${v.name}-`))).map((v) => v.pattern),
        );
        assert.deepEqual(
            [...patternsWithDoors].sort(),
            PATTERNS.map((p) => p.className)
                .filter((name) => name !== "Ambassador" && name !== "Retry")
                .sort(),
        );
        // With `source` the EventSourcing is the write side: no command API, only the query one.
        for (const v of VARIANTS.filter((x) => x.pattern === "Cqrs"))
            assert.equal([...documents.keys()].filter((name) => name.startsWith(`${v.name}-`)).length, "source" in v.args ? 1 : 2, v.name);
    });

    it("validates each document (swagger-parser: the Swagger 2.0 schema and the spec's rules)", async () => {
        assert.ok(documents.size > 0);
        const invalid: string[] = [];
        for (const [name, document] of documents) {
            await SwaggerParser.validate(structuredClone(document) as never).catch((err: Error) => invalid.push(`${name}: ${err.message}`));
        }
        assert.deepEqual(invalid, []);
    });

    it("refuses a document the schema does not allow, so the check above is a real one", async () => {
        const [[, document]] = documents;
        const broken = { ...structuredClone(document), schemes: ["ftp"] };
        await assert.rejects(SwaggerParser.validate(broken as never), /Swagger schema validation failed/);
    });
});
