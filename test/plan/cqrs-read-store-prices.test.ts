/**
 * CQRS on AWS deploys the cheaper OpenSearch read store by default and the cost report shows the
 * other one's floor beside it (issue 13: "default the cheaper one ... and show the other in the
 * cost report"). Figures from plan/prices/aws.json: t3.small.search $0.036 an hour, an OCU $0.24 an hour.
 */
import { strict as assert } from "node:assert";
import type { RecordedResource } from "../../plan/mock-cloud";
import { priceResources } from "../../plan/price";
import { renderTable } from "../../plan/render/table";
import { priceStacks } from "../../plan/compare";
import { renderHtml } from "../../plan/render/html";
import { parseWorkload } from "../../plan/workload";
import { evaluateVariants } from "./fixture";

describe("plan: CQRS's read store on AWS, with the other choice's floor beside it", function () {
    // Evaluations run in child processes that load a provider SDK each: slow on a loaded two-core machine.
    this.timeout(600_000);
    let graph: RecordedResource[];
    before(async () => {
        graph = (await evaluateVariants("read-store", () => "cqrs-domain,cqrs-serverless")).aws;
    });

    const priced = () => priceResources("aws", graph, parseWorkload("{}"));
    const byType = (type: string) => priced().resources.find((r) => r.type === type);

    it("the default domain (730 h x $0.036 = $26.28) notes the serverless collection's 1-OCU floor: 730 h x $0.24 = $175.20", () => {
        const domain = byType("aws:opensearch/domain:Domain");
        assert.equal(domain?.pricing, "priced");
        assert.equal(domain?.costComponents[0].monthlyCost?.toFixed(2), "26.28");
        assert.match(
            domain?.note ?? "",
            /OpenSearch Serverless collection \(CQRS aws\.readStore "serverless"\), has a floor of \$175\.20 a month/,
        );
    });

    it("the serverless collection notes the domain's node: $26.28 a month before its storage", () => {
        const collection = byType("aws:opensearch/serverlessCollection:ServerlessCollection");
        assert.equal(collection?.costComponents[0].monthlyCost?.toFixed(2), "175.20");
        assert.match(collection?.note ?? "", /one t3\.small\.search domain node \(CQRS aws\.readStore "domain"\), costs \$26\.28 a month/);
    });

    it("the table and the HTML report print each note under the cloud's costs", () => {
        const workload = parseWorkload("{}");
        const stacks = [{ stack: "read-store", path: "read-store.yaml" }];
        const [comparison] = priceStacks([
            {
                stack: "read-store",
                stacks,
                path: "read-store.yaml",
                stackClouds: [],
                workload,
                clouds: [{ cloud: "aws", region: "us-east-1", resources: graph }],
            },
        ]);
        const domainNote = /aws: \S+ cqrs-domain-search: the other read store, an OpenSearch Serverless collection/;
        assert.ok(
            renderTable([comparison])
                .split("\n")
                .some((line) => domainNote.test(line)),
        );
        assert.match(renderHtml([comparison]), domainNote);
    });
});
