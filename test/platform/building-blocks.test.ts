import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { toArchive } from "../../components/platform/archive";
import { functionEnvironment } from "../../components/platform/function-settings";
import type { FunctionArgs } from "../../components/platform/types";
import {
    awsName,
    azureDnsName,
    azureStorageAccountName,
    gcpResourceId,
    gcpServiceAccountId,
    gcsBucketName,
    packagedFunctionName,
} from "../../components/platform/naming";
import { parseRoutes } from "../../components/platform/routes";
import { gcpLabelPart, gcpLabels, patternTags } from "../../components/platform/tags";
import { CONFIG_ENV } from "../../handlers/config";
import { evaluate, valueOf } from "../../plan/mock-cloud";
import { failureOf } from "./recorded";

/** Names are computed under a stack, since they hash project and stack. */
function named<T>(make: () => T, stack = "dev"): Promise<T> {
    return evaluate(make, { stack }).then((e) => e.result);
}

describe("platform building blocks", () => {
    it("writes settings to the variable the handlers read", () => {
        const environment = functionEnvironment("fn", {
            settings: { a: 1 },
            environment: { EXTRA: "x" },
        } as Partial<FunctionArgs> as FunctionArgs);
        assert.deepEqual(Object.keys(environment).sort(), [CONFIG_ENV, "EXTRA"].sort());
    });

    describe("route keys", () => {
        it("parses method, path, parameters and a name-safe slug", () => {
            assert.deepEqual(parseRoutes("X", ["GET /aggregate/{id}", "POST /", "DELETE /a.b/{x_1}/c"]), [
                { key: "GET /aggregate/{id}", method: "GET", path: "/aggregate/{id}", params: ["id"], slug: "get-aggregate-id" },
                { key: "POST /", method: "POST", path: "/", params: [], slug: "post" },
                { key: "DELETE /a.b/{x_1}/c", method: "DELETE", path: "/a.b/{x_1}/c", params: ["x_1"], slug: "delete-a-b-x-1-c" },
            ]);
        });

        it("keeps slugs unique when two paths sanitize alike", () => {
            assert.deepEqual(
                parseRoutes("X", ["GET /a-b", "GET /a/b", "GET /a.b"]).map((r) => r.slug),
                ["get-a-b", "get-a-b-2", "get-a-b-3"],
            );
        });

        it("names the component, the bad key, what is wrong and the form expected", () => {
            const form = /expected 'METHOD \/path\/\{param\}', e\.g\. 'GET \/aggregate\/\{id\}'/;
            const cases: [string, RegExp][] = [
                ["get /x", /route 'get \/x' is not valid: method 'get' must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS/],
                ["GET", /route 'GET' is not valid: it must be a method and a path separated by one space/],
                ["GET  /x", /it must be a method and a path separated by one space/],
                ["GET x/y", /path 'x\/y' must start with '\/'/],
                ["GET /a/{id", /path segment '\{id' must be literal text .* or one whole '\{param\}' with balanced braces/],
                ["GET /a/id}", /path segment 'id\}'/],
                ["GET /a/{}", /path segment '\{\}'/],
                ["GET /a/x{id}", /path segment 'x\{id\}'/],
                ["GET /a//b", /path segment ''/],
                ["GET /{id}/{id}", /path parameter '\{id\}' appears twice/],
                ["GET /a/{proxy+}", /path segment '\{proxy\+\}'/],
            ];
            for (const [key, message] of cases) {
                assert.throws(
                    () => parseRoutes("GatewayAggregation gw", [key]),
                    (err: Error) => {
                        assert.match(err.message, /^GatewayAggregation gw: /);
                        assert.match(err.message, message);
                        assert.match(err.message, form);
                        return true;
                    },
                    key,
                );
            }
            assert.throws(
                () => parseRoutes("X", ["GET /a/{id}", "GET /a/{name}"]),
                /X: route 'GET \/a\/\{name\}' duplicates an earlier route \(GET \/a\/\{\}\)/,
            );
            assert.throws(() => parseRoutes("X", []), /X: at least one route is required/);
        });
    });

    describe("physical names", () => {
        it("fit each cloud's limits and character set, even from long, odd logical names", async () => {
            const logical = "Gateway_Aggregation.Orders-Service-With-A-Very-Long-Name-That-Goes-On-And-On-Beyond-Limits";
            const names = await named(() => ({
                storage: azureStorageAccountName(logical),
                app: azureDnsName(logical, 60),
                apim: azureDnsName(logical, 50),
                account: gcpServiceAccountId(logical),
                resource: gcpResourceId(logical),
                bucket: gcsBucketName(logical),
                aws: awsName(logical),
                digits: gcpServiceAccountId("1-2"),
            }));
            assert.match(names.storage, /^[a-z0-9]{3,24}$/);
            assert.match(names.app, /^[a-z][a-z0-9-]{0,58}[a-z0-9]$/);
            assert.ok(names.apim.length <= 50, names.apim);
            assert.match(names.account, /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/);
            assert.ok(names.resource.length <= 63 && /^[a-z][a-z0-9-]*[a-z0-9]$/.test(names.resource), names.resource);
            assert.ok(names.bucket.length <= 63 && /^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(names.bucket), names.bucket);
            assert.ok(names.aws.length <= 64 && /^[A-Za-z][A-Za-z0-9-]*$/.test(names.aws), names.aws);
            assert.match(names.digits, /^x1-2-[0-9a-f]{8}$/);
            assert.equal(names.storage.slice(0, 16), "gatewayaggregati");
        });

        it("are stable for one stack and differ between stacks and logical names", async () => {
            const dev = await named(() => [
                azureStorageAccountName("orders"),
                azureStorageAccountName("orders"),
                azureStorageAccountName("payments"),
            ]);
            const prod = await named(() => azureStorageAccountName("orders"), "prod");
            assert.equal(dev[0], dev[1]);
            assert.notEqual(dev[0], dev[2]);
            assert.notEqual(dev[0], prod);
        });

        it("turn a logical name into a function name the bundler accepts", () => {
            assert.equal(packagedFunctionName("gw-fn"), "gw-fn");
            assert.equal(packagedFunctionName("9.orders fn"), "f9-orders-fn");
            assert.equal(packagedFunctionName("a".repeat(80)).length, 63);
        });
    });

    describe("tags and labels", () => {
        it("put managed-by and pattern on every pattern's tags, user tags winning", async () => {
            const tags = await named(() => valueOf(patternTags("retry", { team: "core", pattern: "retry-v2" })));
            assert.deepEqual(await tags, { "managed-by": "cloud-patterns", pattern: "retry-v2", team: "core" });
            assert.deepEqual(await named(() => valueOf(patternTags("cqrs", undefined))), {
                "managed-by": "cloud-patterns",
                pattern: "cqrs",
            });
        });

        it("sanitize tags into GCP labels: lowercase, [a-z0-9_-], keys starting with a letter, <= 63 characters", async () => {
            const labels = await named(() => valueOf(gcpLabels({ "Cost Center": "R&D / EU", "9lives": "x", long: "v".repeat(70) })));
            assert.deepEqual(labels, { cost_center: "r_d___eu", k9lives: "x", long: "v".repeat(63) });
            assert.equal(gcpLabelPart("A".repeat(70), "key"), "a".repeat(63));
        });

        it("refuse two tags that become the same label, naming both", async () => {
            const { result } = await evaluate(() => gcpLabels({ "Team Name": "a", team_name: "b" }));
            assert.match(
                (await failureOf(result)).message,
                /tags 'Team Name' and 'team_name' both become GCP label 'team_name'; rename one of them/,
            );
        });
    });

    describe("archive", () => {
        it("holds the bundle's files as string assets in name order", async () => {
            const archive = toArchive({ files: { "package.json": "{}", "index.js": "exports.handler = 1;" }, hash: "h" });
            const assets = (await archive.assets) as Record<string, pulumi.asset.StringAsset>;
            assert.deepEqual(Object.keys(assets), ["index.js", "package.json"]);
            assert.equal(await assets["index.js"].text, "exports.handler = 1;");
            assert.ok(assets["package.json"] instanceof pulumi.asset.StringAsset);
        });
    });
});
