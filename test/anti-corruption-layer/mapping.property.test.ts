/** Property-based tests (fast-check) of the declarative mapping. */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { compileMapping } from "../../handlers/anti-corruption-layer/mapping";
import type { EntityMapping } from "../../handlers/anti-corruption-layer/mapping-rules";
import { centsToDecimal, decimalToCents } from "../../handlers/anti-corruption-layer/money";
import { ORDER_RECORD_MAPPING } from "../../components/anti-corruption-layer/mapping";
import { buildEnvelope, readEnvelope } from "../../handlers/anti-corruption-layer/soap";
import { declarativeTranslator } from "../../handlers/anti-corruption-layer/translator";
import { parseLegacyXml } from "../../handlers/anti-corruption-layer/xml";

const order = compileMapping(ORDER_RECORD_MAPPING);
const CODES = new Set(["A", "C", "X"]);

/** Text a legacy field can carry: printable, any XML-special character, no padding (strings are trimmed). */
const text = fc
    .string({
        unit: fc.constantFrom(
            ..."aZ09 -_.,;:/&<>\"'%#@!?()[]{}=+*~|\\äéßø€漢😀".split("").concat(["&amp;", "&lt;", "&#38;", "&nbsp;", "]]>"]),
        ),
        minLength: 1,
        maxLength: 40,
    })
    .filter((s) => s.trim() === s && s !== "");
const cents = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
const isoDate = fc
    .date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
const domainOrder = fc.record({
    id: text,
    customerId: text,
    total: cents.map((c) => centsToDecimal(c.toString())!),
    status: fc.constantFrom("ACTIVE", "COMPLETED", "CANCELLED"),
    createdAt: isoDate,
});

/** The decimal string's exact value in cents, by BigInt arithmetic. */
function exactCents(decimal: string): bigint {
    const [whole, fraction] = decimal.replace("-", "").split(".");
    const value = BigInt(whole) * 100n + BigInt(fraction);
    return decimal.startsWith("-") ? -value : value;
}

describe("anti-corruption layer mapping: properties (fast-check)", () => {
    it("domain -> legacy -> domain is the identity for every order", () => {
        fc.assert(
            fc.property(domainOrder, (o) => assert.deepEqual(order.toDomain(order.toLegacy(o)), { ...o })),
            { numRuns: 500 },
        );
    });

    it("the round trip holds through a real SOAP envelope: XML escaping and parsing lose nothing", () => {
        const translator = declarativeTranslator(order);
        const context = { route: "POST /orders", operation: "CreateOrder", result: "one" as const, params: {} };
        fc.assert(
            fc.property(domainOrder, fc.constantFrom("1.1" as const, "1.2" as const), (o, version) => {
                const xml = buildEnvelope({
                    version,
                    namespace: "urn:legacy-orders",
                    operation: "CreateOrderResponse",
                    payload: translator.toLegacy!(o, context),
                });
                const result = readEnvelope(parseLegacyXml(xml));
                assert.equal(result.kind, "result");
                assert.deepEqual(result.kind === "result" && translator.toDomain(result.node, context), { ...o });
            }),
            { numRuns: 300 },
        );
    });

    it("money never loses a cent: any integer number of cents, any size, converts exactly both ways", () => {
        fc.assert(
            fc.property(cents, (c) => {
                const decimal = centsToDecimal(c.toString())!;
                assert.match(decimal, /^-?\d+\.\d{2}$/);
                assert.equal(exactCents(decimal), c);
                assert.equal(decimalToCents(decimal), c.toString());
            }),
            { numRuns: 1000 },
        );
    });

    it("money from legacy text with leading zeros and signs still converts exactly", () => {
        fc.assert(
            fc.property(cents, fc.nat({ max: 5 }), (c, zeros) => {
                const padded = `${c < 0n ? "-" : ""}${"0".repeat(zeros)}${(c < 0n ? -c : c).toString()}`;
                assert.equal(
                    exactCents(
                        order.toDomain({ ORD_NUM: "1", CUST_ID: "C", TOT_AMT: padded, STAT_CD: "A", CRT_DT: "20240101" }).total as string,
                    ),
                    c,
                );
            }),
        );
    });

    it("a sum of line amounts in decimals equals the legacy sum of cents (no float drift over many lines)", () => {
        const lines: EntityMapping = {
            element: "R",
            fields: { lines: { from: "L.AMT", type: "list", item: { type: "decimalFromCents" } } },
        };
        const mapping = compileMapping(lines);
        fc.assert(
            fc.property(fc.array(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), { maxLength: 200 }), (amounts) => {
                const domain = mapping.toDomain({ L: { AMT: amounts.map(String) } }).lines as string[];
                assert.equal(
                    domain.map(exactCents).reduce((a, b) => a + b, 0n),
                    amounts.reduce((a, b) => a + b, 0n),
                );
            }),
        );
    });

    it("any status code the mapping does not list becomes UNKNOWN, never an error", () => {
        fc.assert(
            fc.property(fc.string({ maxLength: 10 }), (code) => {
                const status = order.toDomain({ ORD_NUM: "1", CUST_ID: "C", TOT_AMT: "1", STAT_CD: code, CRT_DT: "20240101" }).status;
                if (!CODES.has(code.trim())) assert.equal(status, "UNKNOWN");
                else assert.notEqual(status, "UNKNOWN");
            }),
            { numRuns: 1000 },
        );
    });

    it("legacy %Y%m%d dates map to the same calendar day in ISO and back", () => {
        fc.assert(
            fc.property(isoDate, (iso) => {
                const legacy = iso.replace(/-/g, "");
                const domain = order.toDomain({ ORD_NUM: "1", CUST_ID: "C", TOT_AMT: "1", STAT_CD: "A", CRT_DT: legacy });
                assert.equal(domain.createdAt, iso);
                assert.equal((order.toLegacy(domain) as Record<string, string>).CRT_DT, legacy);
            }),
        );
    });
});
