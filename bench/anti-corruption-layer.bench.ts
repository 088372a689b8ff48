/**
 * Anti-Corruption Layer: what the translation costs on top of parsing. For a typical order
 * answer (one OrderRecord in a SOAP 1.1 envelope) and a 1,000-order list, translations per
 * second (safe parse with well-formedness check and DTD refusal, envelope, mapping, JSON text)
 * as a ratio to parsing the same XML alone with fast-xml-parser's defaults, measured in the
 * same run. Then the size of the function's deployment package on each cloud.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { XMLParser } from "fast-xml-parser";
import { translatorBundle } from "../components/anti-corruption-layer/functions";
import { ORDER_RECORD_MAPPING } from "../components/anti-corruption-layer/mapping";
import { Cloud } from "../components/cloud";
import { bundleFunction } from "../components/platform/bundle";
import { compileMapping } from "../handlers/anti-corruption-layer/mapping";
import { readEnvelope } from "../handlers/anti-corruption-layer/soap";
import { declarativeTranslator, type TranslationContext } from "../handlers/anti-corruption-layer/translator";
import { parseLegacyXml } from "../handlers/anti-corruption-layer/xml";

const MIN_MS = 1_500;

/** Runs `fn` repeatedly for at least MIN_MS (after a warm-up) and returns calls per second. */
function perSecond(fn: () => unknown): number {
    const warmUntil = performance.now() + 300;
    while (performance.now() < warmUntil) fn();
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < MIN_MS) {
        for (let i = 0; i < 10; i++) fn();
        calls += 10;
        elapsed = performance.now() - start;
    }
    return (calls * 1000) / elapsed;
}

function orderList(n: number): string {
    const statuses = ["A", "C", "X", "Q"];
    const records = Array.from(
        { length: n },
        (_, i) =>
            `<OrderRecord><ORD_NUM>${String(i + 1).padStart(6, "0")}</ORD_NUM><CUST_ID>C-${i % 97}   </CUST_ID><TOT_AMT>${(i * 7919) % 1_000_000}</TOT_AMT>` +
            `<STAT_CD>${statuses[i % 4]}</STAT_CD><CRT_DT>2024${String((i % 12) + 1).padStart(2, "0")}${String((i % 28) + 1).padStart(2, "0")}</CRT_DT><LEGACY_FLAGS>0x1F</LEGACY_FLAGS></OrderRecord>`,
    );
    return `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><ListOrdersResponse xmlns="urn:legacy-orders"><Orders>${records.join("")}</Orders></ListOrdersResponse></soap:Body></soap:Envelope>`;
}

const translator = declarativeTranslator(compileMapping(ORDER_RECORD_MAPPING));
const baselineParser = new XMLParser();

function translate(xml: string, context: TranslationContext): string {
    const result = readEnvelope(parseLegacyXml(xml));
    if (result.kind !== "result") throw new Error(`expected a result, got ${result.kind}`);
    return JSON.stringify(translator.toDomain(result.node, context));
}

function measure(label: string, xml: string, context: TranslationContext): void {
    const sample = JSON.parse(translate(xml, context));
    const records = Array.isArray(sample) ? sample.length : 1;
    const parsed = readEnvelope(parseLegacyXml(xml));
    if (parsed.kind !== "result") throw new Error("expected a result");
    const parseOnly = perSecond(() => baselineParser.parse(xml));
    const safeParse = perSecond(() => parseLegacyXml(xml));
    const translated = perSecond(() => translate(xml, context));
    const mappingOnly = perSecond(() => JSON.stringify(translator.toDomain(parsed.node, context)));
    const kb = (Buffer.byteLength(xml) / 1024).toFixed(1);
    const row = (name: string, rate: number, note: string) =>
        console.log(`  ${name.padEnd(52)} ${rate.toFixed(0).padStart(9)} /s  ${note}`);
    console.log(`${label} (${kb} KiB, ${records} record${records === 1 ? "" : "s"})`);
    row("parse alone (fast-xml-parser defaults)", parseOnly, "1.00 (baseline)");
    row("safe parse (validated, DTD refused, text kept exact)", safeParse, `${(safeParse / parseOnly).toFixed(2)} x baseline`);
    row("translation: safe parse + envelope + mapping + JSON", translated, `${(translated / parseOnly).toFixed(2)} x baseline`);
    row(
        "mapping + JSON text alone (on the parsed record)",
        mappingOnly,
        `${((translated / mappingOnly) * 100).toFixed(1)}% of a translation's time`,
    );
}

const one: TranslationContext = { route: "GET /orders/{id}", operation: "GetOrder", result: "one", params: {} };
const many: TranslationContext = { route: "GET /customers/{id}/orders", operation: "ListOrders", result: "many", params: {} };
measure(
    "typical order (GetOrder, SOAP 1.1)",
    readFileSync(join(__dirname, "../test/fixtures/anti-corruption-layer/get-order.soap11.xml"), "utf8"),
    one,
);
measure("1,000-order list (ListOrders, SOAP 1.1)", orderList(1000), many);

console.log("\ndeployment package (index.js) of the translator function:");
for (const cloud of [Cloud.Aws, Cloud.Azure, Cloud.Gcp]) {
    const started = performance.now();
    const bundle = bundleFunction(translatorBundle(cloud), cloud, "anti-corruption-layer");
    const js = bundle.files["index.js"];
    console.log(
        `  ${cloud.padEnd(5)} ${(Buffer.byteLength(js) / 1024).toFixed(0).padStart(6)} KiB, ${(gzipSync(js).length / 1024).toFixed(0).padStart(5)} KiB gzipped (bundled in ${(performance.now() - started).toFixed(0)} ms)`,
    );
}
