/**
 * GatewayAggregation's args and cloud checks, under Pulumi mocks: every error is raised before
 * any resource (the component itself included) is registered, and names what was wrong.
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { GatewayAggregation, GatewayAggregationArgs } from "../../components/gateway-aggregation";
import { Cloud } from "../../components/cloud";
import { aggregatorBundle } from "../../components/gateway-aggregation/functions";
import { bundleFunction } from "../../components/platform/bundle";
import { packagedFunctionName } from "../../components/platform/naming";
import { evaluate } from "../../plan/mock-cloud";
import { only } from "../support/resources";

const backends = [{ name: "users", url: "https://users.example.com/users/{id}" }];

/** Builds the component; resolves to the error it threw and the resources registered before it. */
async function failure(args: GatewayAggregationArgs, config: Record<string, string> = { "cloud-patterns:cloud": "aws" }) {
    let error: Error | undefined;
    const { resources } = await evaluate(
        () => {
            try {
                new GatewayAggregation("agg", args);
            } catch (err) {
                error = err as Error;
            }
        },
        { config },
    );
    assert.ok(error, "the component threw");
    return { message: error.message, registered: resources.length };
}

describe("GatewayAggregation args and cloud", () => {
    const cases: [string, GatewayAggregationArgs, RegExp, Record<string, string>?][] = [
        [
            "no cloud chosen",
            { backends },
            /no cloud chosen: 'cloud-patterns:cloud' is not set.*aws, azure, gcp.*pulumi config set cloud-patterns:cloud/,
            {},
        ],
        [
            "an unknown cloud in config",
            { backends },
            /unknown cloud 'oracle' in stack config 'cloud-patterns:cloud'; valid values are aws, azure, gcp/,
            { "cloud-patterns:cloud": "oracle" },
        ],
        ["an unknown cloud arg", { backends, cloud: "ibm" as Cloud }, /unknown cloud 'ibm' in the 'cloud' arg of GatewayAggregation/],
        [
            "an empty backend list",
            { backends: [] },
            /GatewayAggregation 'agg': backends must be a list of at least one backend, e.g. \[\{ name: "users".*, got \[\]/,
        ],
        [
            "a malformed backend URL",
            { backends: [{ name: "users", url: "users.example.com/{id}" }] },
            /backend 'users' url 'users.example.com\/\{id\}' is not a valid absolute URL/,
        ],
        [
            "a backend URL that is not http(s)",
            { backends: [{ name: "users", url: "ftp://files.example.com/{id}" }] },
            /backend 'users' url 'ftp:\/\/files.example.com\/\{id\}' must use https \(or http\), not 'ftp:'/,
        ],
        [
            "credentials in a backend URL",
            { backends: [{ name: "users", url: "https://u:p@users.example.com/" }] },
            /must not carry credentials/,
        ],
        [
            "a placeholder the route lacks",
            { backends: [{ name: "users", url: "https://users.example.com/{userId}" }] },
            /url 'https:\/\/users.example.com\/\{userId\}' uses placeholder '\{userId\}', but route 'GET \/aggregate\/\{id\}' has \{id\}/,
        ],
        [
            "duplicate backend names",
            { backends: [...backends, { name: "users", url: "https://b.example.com" }] },
            /backend name 'users' is used twice/,
        ],
        [
            "a backend name that cannot be a JSON key and header value",
            { backends: [{ name: "user service", url: "https://a.example.com" }] },
            /backends\[0\]\.name must be letters, digits, '_' or '-'.*got "user service"/,
        ],
        [
            "the reserved name 'degraded' with the built-in merge",
            { backends: [{ name: "degraded", url: "https://a.example.com" }] },
            /'degraded' is where the built-in merge lists failed backends/,
        ],
        [
            "a budget over the 30 s integration limit",
            { backends, timeoutMs: 30_000 },
            /GatewayAggregation 'agg': timeoutMs must be an integer from 100 to 29000 \(an API Gateway HTTP API waits at most 30 s for its integration\), got 30000/,
        ],
        [
            "a backend timeout over the budget",
            { backends: [{ ...backends[0], timeoutMs: 5000 }], timeoutMs: 2000 },
            /backend 'users' timeoutMs must be an integer from 10 to 2000 \(at most the whole request's budget, timeoutMs\), got 5000/,
        ],
        [
            "a malformed route",
            { backends, route: "GET aggregate/{id}" },
            /route 'GET aggregate\/\{id\}' is not valid: path 'aggregate\/\{id\}' must start with '\/'/,
        ],
        [
            "a route method the aggregator does not serve",
            { backends, route: "OPTIONS /aggregate/{id}" },
            /route 'OPTIONS \/aggregate\/\{id\}' uses OPTIONS; the aggregator serves GET, POST, PUT, PATCH, DELETE/,
        ],
        [
            "a merge module that does not exist",
            { backends, mergeModule: "./no/such/merge.ts" },
            /mergeModule must be the path of a module file exporting merge\(results, request\), got ".\/no\/such\/merge.ts" \(resolved to .*no\/such\/merge.ts, which is not a file\)/,
        ],
        [
            "a merge module without a merge export",
            { backends, mergeModule: path.resolve(__dirname, "../fixtures/gateway-aggregation/not-a-merge.ts") },
            /GatewayAggregation 'agg': mergeModule '.*not-a-merge.ts' cannot be bundled for aws: .*No matching export in ".*not-a-merge.ts" for import "merge"/,
        ],
        [
            "a backend that is not an object (stack config)",
            { backends: [null as never] },
            /backends\[0\] must be an object \{ name, url, timeoutMs\?, required\? \}, got null/,
        ],
        [
            "a timeout given as a string (stack config)",
            { backends, timeoutMs: "3000" as never },
            /timeoutMs must be an integer from 100 to 29000 .*got "3000"/,
        ],
        [
            "a required flag that is not a boolean (stack config)",
            { backends: [{ ...backends[0], required: "no" as never }] },
            /backend 'users' required must be true or false, got "no"/,
        ],
        ["a route that is not a string", { backends, route: 42 as never }, /route must be a string 'METHOD \/path\/\{param\}', got 42/],
        ["memory out of range", { backends, memoryMb: 64 }, /memoryMb must be an integer from 128 to 10240, got 64/],
    ];
    for (const [what, args, message, config] of cases) {
        it(`rejects ${what} before registering anything`, async () => {
            const { message: text, registered } = await failure(args, config);
            assert.match(text, message);
            assert.equal(registered, 0);
        });
    }

    it("bundles the mergeModule before anything registers: one that does not compile creates nothing, and the error names it", async () => {
        // Written at run time: a file that does not compile cannot live in the type-checked tree.
        const broken = path.join(mkdtempSync(path.join(tmpdir(), "ga-merge-")), "broken-merge.ts");
        writeFileSync(broken, "export function merge( {\n");
        for (const cloud of [Cloud.Aws, Cloud.Azure, Cloud.Gcp]) {
            const { message, registered } = await failure({ backends, mergeModule: broken, cloud }, { "gcp:region": "europe-west1" });
            assert.ok(message.startsWith(`GatewayAggregation 'agg': mergeModule '${broken}' cannot be bundled for ${cloud}: `), message);
            assert.match(message, /broken-merge\.ts:\d+:\d+: /, "esbuild's first message, with its place");
            assert.equal(registered, 0);
        }
    });

    it("bundles a relative merge module, resolved from the working directory, into the function", async () => {
        const absolute = path.resolve(__dirname, "../fixtures/gateway-aggregation/product-page-merge.ts");
        const { resources } = await evaluate(
            () => new GatewayAggregation("agg", { backends, mergeModule: path.relative(process.cwd(), absolute), cloud: Cloud.Gcp }),
            { config: { "gcp:region": "europe-west1" } },
        );
        const bundle = bundleFunction(aggregatorBundle(absolute), Cloud.Gcp, packagedFunctionName("agg"));
        assert.match(bundle.files["index.js"], /relatedProducts/, "the user's merge is in the bundle");
        assert.doesNotMatch(
            bundleFunction(aggregatorBundle(), Cloud.Gcp, packagedFunctionName("agg")).files["index.js"],
            /relatedProducts/,
        );
        assert.equal(
            only(resources, "gcp:storage/bucketObject:BucketObject").inputs.name,
            `${bundle.hash}.zip`,
            "the deployed package is that bundle",
        );
    });
});
