import { strict as assert } from "node:assert";
import { readFunctionConfig } from "../../handlers/config";
import { parseSettings } from "../../handlers/gateway-aggregation/settings";
import { fillPlaceholders, placeholdersOf } from "../../handlers/gateway-aggregation/url-template";

const read = (doc: unknown) => readFunctionConfig(parseSettings, { CLOUD_PATTERNS_CONFIG: JSON.stringify(doc) });
const valid = { route: "GET /aggregate/{id}", timeoutMs: 3000, backends: [{ name: "users", url: "https://users.internal/u/{id}" }] };

describe("gateway aggregation settings (CLOUD_PATTERNS_CONFIG)", () => {
    it("applies the defaults: required, and the whole budget per attempt", () => {
        const settings = read(valid);
        assert.deepEqual(settings.route, { key: "GET /aggregate/{id}", method: "GET", path: "/aggregate/{id}", params: ["id"] });
        assert.deepEqual(settings.backends, [{ name: "users", url: "https://users.internal/u/{id}", timeoutMs: 3000, required: true }]);
    });

    const rejects: [string, unknown, RegExp][] = [
        ["a missing route", { ...valid, route: undefined }, /'route' must be a non-empty string/],
        ["a malformed route", { ...valid, route: "/x" }, /'route': route '\/x' must be 'METHOD \/path'/],
        [
            "a method the aggregator does not serve",
            { ...valid, route: "OPTIONS /x" },
            /'route' must use one of GET, POST, PUT, PATCH, DELETE, got 'OPTIONS \/x'/,
        ],
        ["a budget over 29 s", { ...valid, timeoutMs: 30000 }, /'timeoutMs' must be a number from 10 to 29000, got 30000/],
        ["no backends", { ...valid, backends: [] }, /'backends' must list at least one backend/],
        ["a backend without a url", { ...valid, backends: [{ name: "a" }] }, /'backends\[0\]\.url' must be a non-empty string/],
        [
            "a url that is not http(s)",
            { ...valid, backends: [{ name: "a", url: "ftp://x/{id}" }] },
            /'backends\[0\]\.url' must be an http\(s\) URL, got "ftp:\/\/x\/\{id\}"/,
        ],
        [
            "a placeholder the route lacks",
            { ...valid, backends: [{ name: "a", url: "https://x/{sku}" }] },
            /'backends\[0\]\.url' uses '\{sku\}' but route 'GET \/aggregate\/\{id\}' has only \{id\}/,
        ],
        [
            "a backend timeout over the budget",
            { ...valid, backends: [{ name: "a", url: "https://x", timeoutMs: 5000 }] },
            /'backends\[0\]\.timeoutMs' must be a number from 10 to 3000/,
        ],
        [
            "a non-boolean required",
            { ...valid, backends: [{ name: "a", url: "https://x", required: "yes" }] },
            /'backends\[0\]\.required' must be true or false/,
        ],
        [
            "duplicate names",
            {
                ...valid,
                backends: [
                    { name: "a", url: "https://x" },
                    { name: "a", url: "https://y" },
                ],
            },
            /'backends' names 'a' twice/,
        ],
    ];
    for (const [what, doc, message] of rejects) {
        it(`rejects ${what}, naming the field`, () => assert.throws(() => read(doc), message));
    }
});

describe("backend URL templates", () => {
    it("lists and fills placeholders with URL-encoded values", () => {
        assert.deepEqual(placeholdersOf("https://x/{a}/y?b={b}"), ["a", "b"]);
        assert.equal(fillPlaceholders("https://x/{a}?b={b}", { a: "1/2", b: "é &" }), "https://x/1%2F2?b=%C3%A9%20%26");
        assert.throws(() => fillPlaceholders("https://x/{a}", {}), /no value for placeholder '\{a\}'/);
    });
});
