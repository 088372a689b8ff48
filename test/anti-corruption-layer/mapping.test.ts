import { strict as assert } from "node:assert";
import { compileMapping, TranslationError, type LegacyNode } from "../../handlers/anti-corruption-layer/mapping";
import type { EntityMapping } from "../../handlers/anti-corruption-layer/mapping-rules";
import { centsToDecimal, decimalToCents } from "../../handlers/anti-corruption-layer/money";
import { compileDateFormat, isoToLegacyDate, legacyDateToIso } from "../../handlers/anti-corruption-layer/dates";
import { ORDER_RECORD_MAPPING } from "../../components/anti-corruption-layer/mapping";

/** A shipment with nested objects, a list, an attribute and padded fixed-width text. */
const SHIPMENT: EntityMapping = {
    element: "SHIPMENT",
    fields: {
        id: { from: "SHP_ID", type: "integer" },
        currency: { from: "AMT.@cur", type: "string" },
        amount: { from: "AMT", type: "decimalFromCents" },
        shippedAt: { from: "SHP_TS", type: "date", format: "%d/%m/%Y %H:%M", required: false },
        address: {
            from: "ADDR",
            type: "object",
            fields: { city: { from: "CITY", type: "string" }, zip: { from: "ZIP", type: "string", trim: false } },
        },
        lines: {
            from: "LINES.LINE",
            type: "list",
            item: { type: "object", fields: { sku: { from: "SKU", type: "string" }, qty: { from: "QTY", type: "integer" } } },
        },
        tags: { from: "TAGS.TAG", type: "list", item: { type: "string" } },
    },
};

describe("anti-corruption layer mapping", () => {
    it("translates the catalogue's OrderRecord exactly as the catalogue's LegacyOrderACL does", () => {
        const order = compileMapping(ORDER_RECORD_MAPPING);
        const legacy = { ORD_NUM: "42", CUST_ID: "C-1", TOT_AMT: "12345", STAT_CD: "C", CRT_DT: "20240131" };
        assert.deepEqual(order.toDomain(legacy), {
            id: "42",
            customerId: "C-1",
            total: "123.45",
            status: "COMPLETED",
            createdAt: "2024-01-31",
        });
        for (const [code, status] of [
            ["A", "ACTIVE"],
            ["C", "COMPLETED"],
            ["X", "CANCELLED"],
            ["Z", "UNKNOWN"],
            ["", "UNKNOWN"],
            ["a", "UNKNOWN"],
        ]) {
            assert.equal(order.toDomain({ ...legacy, STAT_CD: code }).status, status);
        }
    });

    it("handles nested objects, lists (one, many, none), attributes, padding and optional fields", () => {
        const shipment = compileMapping(SHIPMENT);
        const one: LegacyNode = {
            SHP_ID: "7",
            AMT: { "#text": "250", "@_cur": "EUR" },
            ADDR: { CITY: "  Oslo ", ZIP: "0150 " },
            LINES: { LINE: { SKU: "A", QTY: "2" } },
            TAGS: "",
        };
        assert.deepEqual(shipment.toDomain(one), {
            id: 7,
            currency: "EUR",
            amount: "2.50",
            address: { city: "Oslo", zip: "0150 " },
            lines: [{ sku: "A", qty: 2 }],
            tags: [],
        });
        const many = {
            ...(one as object),
            SHP_TS: "05/03/2024 14:30",
            LINES: {
                LINE: [
                    { SKU: "A", QTY: "2" },
                    { SKU: "B", QTY: "-1" },
                ],
            },
            TAGS: { TAG: ["x", "y"] },
        };
        const domain = shipment.toDomain(many);
        assert.equal(domain.shippedAt, "2024-03-05T14:30:00");
        assert.deepEqual(domain.lines, [
            { sku: "A", qty: 2 },
            { sku: "B", qty: -1 },
        ]);
        assert.deepEqual(domain.tags, ["x", "y"]);
    });

    it("writes domain objects back into the legacy shape, in mapping order", () => {
        const shipment = compileMapping(SHIPMENT);
        const legacy = shipment.toLegacy({
            id: 7,
            currency: "EUR",
            amount: "2.5",
            address: { city: "Oslo", zip: "0150" },
            lines: [{ sku: "A", qty: 2 }],
            tags: ["x"],
        });
        assert.deepEqual(legacy, {
            SHP_ID: "7",
            AMT: { "@_cur": "EUR", "#text": "250" },
            ADDR: { CITY: "Oslo", ZIP: "0150" },
            LINES: { LINE: [{ SKU: "A", QTY: "2" }] },
            TAGS: { TAG: ["x"] },
        });
        assert.deepEqual(Object.keys(legacy), ["SHP_ID", "AMT", "ADDR", "LINES", "TAGS"]);
    });

    it("names the field, the legacy path and the value of anything it cannot translate", () => {
        const shipment = compileMapping(SHIPMENT);
        const base = { SHP_ID: "7", AMT: { "#text": "1", "@_cur": "EUR" }, ADDR: { CITY: "Oslo", ZIP: "0150" } };
        const cases: [LegacyNode, string, string, unknown, RegExp][] = [
            [{ ...base, SHP_ID: "7.5" }, "id", "SHP_ID", "7.5", /must be a whole number/],
            [{ ...base, SHP_ID: "9007199254740993" }, "id", "SHP_ID", "9007199254740993", /within ±9007199254740991/],
            [{ ...base, AMT: { "#text": "1.50", "@_cur": "EUR" } }, "amount", "AMT", "1.50", /must be a whole number of cents/],
            [
                { ...base, SHP_TS: "31/02/2024 10:00" },
                "shippedAt",
                "SHP_TS",
                "31/02/2024 10:00",
                /must be a date in the format %d\/%m\/%Y %H:%M/,
            ],
            [{ ...base, ADDR: { ZIP: "1" } }, "address.city", "ADDR.CITY", undefined, /is required but missing/],
            [
                {
                    ...base,
                    LINES: {
                        LINE: [
                            { SKU: "A", QTY: "1" },
                            { SKU: "B", QTY: "x" },
                        ],
                    },
                },
                "lines[1].qty",
                "LINES.LINE[1].QTY",
                "x",
                /must be a whole number/,
            ],
            [{ ...base, SHP_ID: ["1", "2"] }, "id", "SHP_ID", ["1", "2"], /must appear once, it repeats 2 times/],
        ];
        for (const [legacy, field, legacyPath, value, reason] of cases) {
            assert.throws(
                () => shipment.toDomain(legacy),
                (err: TranslationError) => {
                    assert.ok(err instanceof TranslationError, String(err));
                    assert.deepEqual([err.field, err.legacyPath, err.value, err.direction], [field, legacyPath, value, "toDomain"]);
                    assert.match(err.message, reason);
                    return true;
                },
            );
        }
    });

    it("treats xsi:nil as missing", () => {
        const order = compileMapping({
            element: "R",
            fields: { note: { from: "NOTE", type: "string", required: false }, id: { from: "ID", type: "string" } },
        });
        assert.deepEqual(order.toDomain({ ID: "1", NOTE: { "@_nil": "true" } }), { id: "1" });
        assert.throws(() => order.toDomain({ ID: { "@_nil": "true" } }), /field 'id' \(legacy ID\) is required but missing/);
    });

    it("refuses a mapping that names an unknown converter, a bad date format, an empty enum or a list without item", () => {
        const bad: [unknown, RegExp][] = [
            [
                { element: "R", fields: { s: { type: "emum" } } },
                /mapping.fields.s.type: unknown converter "emum"; allowed converters are string, integer, decimalFromCents, date, enum, object, list/,
            ],
            [
                { element: "R", fields: { d: { type: "date", format: "%Y-%q" } } },
                /mapping.fields.d.format: date format '%Y-%q' uses '%q'; allowed directives are %Y %m %d %H %M %S/,
            ],
            [{ element: "R", fields: { d: { type: "date", format: "%Y%m" } } }, /must contain %Y, %m and %d/],
            [{ element: "R", fields: { e: { type: "enum", values: {} } } }, /mapping.fields.e: an enum needs at least one entry/],
            [{ element: "R", fields: { l: { type: "list" } } }, /mapping.fields.l.item: a list needs an 'item' rule/],
            [
                { element: "R", fields: { o: { type: "object", fields: { x: { type: "float" } } } } },
                /mapping.fields.o.fields.x.type: unknown converter "float"/,
            ],
            [{ element: "R", fields: {} }, /mapping.fields: must map at least one domain field/],
            [{ fields: { a: { type: "string" } } }, /mapping.element: must name the legacy record element/],
            [
                { element: "R", fields: { a: { type: "string", from: "A..B" } } },
                /mapping.fields.a.from: 'A..B' must be element names joined by '.'/,
            ],
        ];
        for (const [mapping, message] of bad) assert.throws(() => compileMapping(mapping as EntityMapping), message);
    });

    it("money: cents to decimals and back without floating point", () => {
        assert.equal(centsToDecimal("0"), "0.00");
        assert.equal(centsToDecimal("-0"), "0.00");
        assert.equal(centsToDecimal("007"), "0.07");
        assert.equal(centsToDecimal("-5"), "-0.05");
        assert.equal(centsToDecimal("123456789012345678901234567890"), "1234567890123456789012345678.90");
        assert.equal(centsToDecimal("1e3"), undefined);
        assert.equal(decimalToCents("0.1"), "10");
        assert.equal(decimalToCents(0.29), "29", "0.29 * 100 is 28.999999999999996 in floating point");
        assert.equal(decimalToCents(1.1), "110");
        assert.equal(decimalToCents("-0.00"), "0");
        assert.equal(decimalToCents("1.001"), undefined);
        assert.equal(decimalToCents(1e21), undefined);
        assert.equal(decimalToCents(NaN), undefined);
    });

    it("dates: strftime-style formats to ISO and back, refusing impossible dates", () => {
        const ymd = compileDateFormat("%Y%m%d");
        assert.equal(legacyDateToIso("20240229", ymd), "2024-02-29");
        assert.equal(legacyDateToIso("20230229", ymd), undefined);
        assert.equal(legacyDateToIso("2024013", ymd), undefined);
        assert.equal(isoToLegacyDate("2024-01-31", ymd), "20240131");
        assert.equal(isoToLegacyDate("2024-13-01", ymd), undefined);
        const stamp = compileDateFormat("%d.%m.%Y %H:%M:%S");
        assert.equal(legacyDateToIso("31.01.2024 23:59:59", stamp), "2024-01-31T23:59:59");
        assert.equal(legacyDateToIso("31.01.2024 24:00:00", stamp), undefined);
        assert.equal(isoToLegacyDate("2024-01-31T08:05:09", stamp), "31.01.2024 08:05:09");
    });
});
