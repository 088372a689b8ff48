/** Bad args fail on every cloud before any resource exists, naming the field and what is allowed. */
import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { AntiCorruptionLayer, AntiCorruptionLayerArgs } from "../../components/anti-corruption-layer";
import { ORDER_RECORD_MAPPING, type EntityMapping } from "../../components/anti-corruption-layer/mapping";
import { Cloud } from "../../components/cloud";
import { compileMapping } from "../../handlers/anti-corruption-layer/mapping";
import { evaluate } from "../../plan/mock-cloud";
import { aclArgs } from "./component-fixture";

async function failure(cloud: Cloud, args: AntiCorruptionLayerArgs): Promise<{ message: string; created: number }> {
    const { resources, result } = await evaluate(() => {
        try {
            new AntiCorruptionLayer("orders-acl", { ...args, cloud });
            return "no error";
        } catch (err) {
            return (err as Error).message;
        }
    });
    return { message: result, created: resources.length };
}

const legacy = aclArgs().legacy;
const BAD: [string, AntiCorruptionLayerArgs, RegExp][] = [
    [
        "a mapping naming an unknown converter",
        aclArgs({ mapping: { element: "OrderRecord", fields: { total: { from: "TOT_AMT", type: "money" as "string" } } } }),
        /AntiCorruptionLayer 'orders-acl': mapping.fields.total.type: unknown converter "money"; allowed converters are string, integer, decimalFromCents, date, enum, object, list/,
    ],
    [
        "a nested rule naming an unknown converter",
        aclArgs({
            mapping: {
                element: "R",
                fields: { lines: { type: "list", item: { type: "object", fields: { qty: { type: "float" as "integer" } } } } },
            },
        }),
        /mapping.fields.lines.item.fields.qty.type: unknown converter "float"/,
    ],
    [
        "a date format with an unknown directive",
        aclArgs({ mapping: { element: "R", fields: { d: { type: "date", format: "%Y%m%d%Z" } } } }),
        /mapping.fields.d.format: date format '%Y%m%d%Z' uses '%Z'; allowed directives are %Y %m %d %H %M %S/,
    ],
    [
        "a route without an operation",
        aclArgs({ operations: { "GET /orders/{id}": { parameters: { OrderId: "path.id" } } as never } }),
        /operations\['GET \/orders\/\{id\}'\] has no operation; give the legacy SOAP operation it calls, e.g. \{ operation: "GetOrder" \}, got undefined/,
    ],
    ["no operations", aclArgs({ operations: {} }), /operations must map at least one route to a legacy operation/],
    ["a malformed route", aclArgs({ operations: { "orders/{id}": { operation: "GetOrder" } } }), /route 'orders\/\{id\}' is not valid/],
    [
        "a parameter from a path parameter the route lacks",
        aclArgs({ operations: { "GET /orders/{id}": { operation: "GetOrder", parameters: { OrderId: { source: "path.orderId" } } } } }),
        /reads path parameter 'orderId', but route 'GET \/orders\/\{id\}' has \{id\}/,
    ],
    [
        "a parameter from an unknown source",
        aclArgs({ operations: { "GET /orders": { operation: "ListOrders", parameters: { Since: { source: "body.since" } } } } }),
        /must come from path.<name>, query.<name> or header.<name>, got "body.since"/,
    ],
    [
        "a parameter converter that is not one value",
        aclArgs({
            operations: { "GET /orders": { operation: "ListOrders", parameters: { Since: { source: "query.since", type: "list" } } } },
        }),
        /operations\['GET \/orders'\]\.parameters\.Since\.type: a parameter is one value; use string, integer, decimalFromCents, date or enum, got "list"/,
    ],
    [
        "a body on a GET",
        aclArgs({ operations: { "GET /orders": { operation: "ListOrders", body: true } } }),
        /operations\['GET \/orders'\].body: a GET request has no body/,
    ],
    [
        "both mapping and translatorModule",
        aclArgs({ mapping: ORDER_RECORD_MAPPING, translatorModule: __filename }),
        /give either mapping or translatorModule, not both/,
    ],
    [
        "a translatorModule that is not a file",
        aclArgs({ translatorModule: "./no/such/translator.ts" }),
        /translatorModule must be the path of a module file exporting toDomain\(response, context\), got ".\/no\/such\/translator.ts" \(resolved to \/.*\/no\/such\/translator.ts, which is not a file\)/,
    ],
    [
        "retries that cannot fit in the front door's 30 s",
        aclArgs({ legacy: { ...legacy, timeoutSeconds: 10, maxAttempts: 3 } }),
        /legacy.timeoutSeconds x legacy.maxAttempts plus backoff is 32 s, over the 29 s an API Gateway HTTP API waits/,
    ],
    [
        "an endpoint carrying credentials",
        aclArgs({ legacy: { ...legacy, endpoint: "https://svc:pw@erp.internal/Orders.asmx" } }),
        /legacy.endpoint must not carry credentials .*; use legacy.credentials/,
    ],
    [
        "an unknown SOAP version",
        aclArgs({ legacy: { ...legacy, soapVersion: "2.0" as "1.1" } }),
        /legacy.soapVersion must be one of 1.1, 1.2, got "2.0"/,
    ],
    [
        "a fault status that is not an error status",
        aclArgs({ legacy: { ...legacy, faultStatus: { Busy: 200 } } }),
        /legacy.faultStatus.Busy must be an integer from 400 to 599, got 200/,
    ],
];

describe("AntiCorruptionLayer args (mocks, every cloud)", () => {
    for (const cloud of [Cloud.Aws, Cloud.Azure, Cloud.Gcp]) {
        for (const [what, args, message] of BAD) {
            it(`${cloud}: refuses ${what} before creating anything`, async () => {
                const { message: got, created } = await failure(cloud, args);
                assert.match(got, message);
                assert.equal(created, 0, "no component and no child was registered");
            });
        }
    }

    it("accepts and refuses the same mappings as the function does at cold start, with its words", async () => {
        const mappings: unknown[] = [
            ORDER_RECORD_MAPPING,
            { element: "R", fields: { a: { type: "enum", values: {} } } },
            { element: "R", fields: { a: { type: "date", format: "%Y-%m" } } },
            { element: "R", fields: { a: { type: "list" } } },
            { element: "R", fields: { a: { type: "object", fields: {} } } },
            { element: "R", fields: { a: { type: "string", from: "A..B" } } },
            { element: "", fields: { a: { type: "string" } } },
            { element: "R", fields: { a: { type: "list", item: { type: "date", format: "%d.%m.%Y %H:%M" } } } },
        ];
        for (const mapping of mappings) {
            let handler: string | undefined;
            try {
                compileMapping(mapping as EntityMapping);
            } catch (err) {
                handler = (err as Error).message;
            }
            const { message, created } = await failure(Cloud.Aws, aclArgs({ mapping: mapping as EntityMapping }));
            if (handler === undefined) assert.equal(message, "no error", JSON.stringify(mapping));
            else assert.deepEqual([message, created], [`AntiCorruptionLayer 'orders-acl': ${handler}`, 0], JSON.stringify(mapping));
        }
    });

    it("bundles the translatorModule before anything registers: one that does not compile creates nothing, and the error names it", async () => {
        // Written at run time: a file that does not compile cannot live in the type-checked tree.
        const broken = path.join(mkdtempSync(path.join(tmpdir(), "acl-translator-")), "broken-translator.ts");
        writeFileSync(broken, "export function toDomain( {\n");
        for (const cloud of [Cloud.Aws, Cloud.Azure, Cloud.Gcp]) {
            const { message, created } = await failure(cloud, aclArgs({ translatorModule: broken }));
            assert.ok(
                message.startsWith(`AntiCorruptionLayer 'orders-acl': translatorModule '${broken}' cannot be bundled for ${cloud}: `),
                message,
            );
            assert.match(message, /broken-translator\.ts:\d+:\d+: /, "esbuild's first message, with its place");
            assert.equal(created, 0, "no component and no child was registered");
        }
    });

    it("names the key and the valid clouds when no cloud is chosen", async () => {
        const { result } = await evaluate(() => {
            try {
                new AntiCorruptionLayer("orders-acl", aclArgs());
                return "no error";
            } catch (err) {
                return (err as Error).message;
            }
        });
        assert.match(result, /AntiCorruptionLayer: no cloud chosen: 'cloud-patterns:cloud' is not set.*valid values are aws, azure, gcp/);
    });
});
