/**
 * `cloud-patterns dev --smoke` for CQRS on Azure and GCP, from the bundles each cloud gets: on
 * Azure the write container on the local Cosmos DB peer, its change feed delivered to the
 * projector, and the read model on the AI Search stand-in; on GCP the write database on the
 * Spanner emulator, its change stream published by the Dataflow template's stand-in to the Pub/Sub
 * emulator and pushed to the projector as Eventarc pushes, and the read model on the BigQuery
 * stand-in. No AI Search or BigQuery runs here (the run says so); read-your-writes must hold on both:
 * the PUT's version asked for, 503 until projected, then 200 with the document.
 */
import * as assert from "node:assert/strict";
import { runDev } from "../../plan/dev/command";

async function smokeRun(stack: string): Promise<string[]> {
    let text = "";
    const code = await runDev({ stack, smoke: true, stacksDir: "stacks", out: (t) => (text += t) });
    const lines = text.split("\n");
    assert.equal(code, 0, lines.join("\n"));
    return lines;
}

const cqrsLine = (readStore: string) =>
    new RegExp(
        `^ok +Cqrs: PUT /products/smoke-\\d+ -> 201 \\(version 1\\); GET /products/smoke-\\d+\\?minVersion=1 -> (503 \\(not yet projected\\) x\\d+, then )?200 with the document \\(read model: local stand-in for ${readStore}\\)$`,
    );

describe("cloud-patterns dev --smoke: CQRS on Azure and GCP", function () {
    this.timeout(300_000);

    it("azure-dev: the change feed projects the write into the AI Search stand-in, and the query reads it back", async () => {
        const lines = await smokeRun("azure-dev");
        assert.match(lines.find((l) => / Cqrs: /.test(l)) ?? lines.join("\n"), cqrsLine("AI Search"));
        assert.ok(
            lines.some((l) => /^\[catalog\] read model: local stand-in for AI Search/.test(l)),
            lines.join("\n"),
        );
        // The projector made the index and wrote the document; the query found it by key.
        assert.ok(lines.includes("[catalog] read model PUT /indexes/products -> 201"), lines.join("\n"));
        assert.ok(lines.includes("[catalog] read model POST /indexes/products/docs/search.index -> 200"), lines.join("\n"));
        assert.ok(
            lines.some((l) => /^\[catalog\] change feed: 1 document\(s\) delivered \(smoke-\d+\)$/.test(l)),
            lines.join("\n"),
        );
    });

    it("gcp-dev: the change stream's record goes through Pub/Sub to the projector into the BigQuery stand-in, and the query reads it back", async () => {
        const lines = await smokeRun("gcp-dev");
        assert.match(lines.find((l) => / Cqrs: /.test(l)) ?? lines.join("\n"), cqrsLine("BigQuery"));
        assert.ok(
            lines.some((l) => /^\[catalog\] read model: local stand-in for BigQuery/.test(l)),
            lines.join("\n"),
        );
        assert.ok(
            lines.some((l) =>
                /^\[catalog\] change stream: INSERT \{"Id":"smoke-\d+"\} at \S+ -> projects\/\S+\/topics\/\S+ \(message \S+\)$/.test(l),
            ),
            lines.join("\n"),
        );
        assert.ok(
            lines.some((l) => /^\[catalog\] eventarc: message \S+ -> projector 204 \(acknowledged\)$/.test(l)),
            lines.join("\n"),
        );
        assert.ok(
            lines.some((l) => /^\[catalog\] read model POST \/bigquery\/v2\/projects\/\S+\/insertAll -> 200$/.test(l)),
            lines.join("\n"),
        );
    });
});
