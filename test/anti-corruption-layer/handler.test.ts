/**
 * The ACL handler end to end against a stand-in SOAP service on 127.0.0.1 serving the fixtures
 * in test/fixtures/anti-corruption-layer (hand-written in real SOAP 1.1/1.2 shapes, see its README).
 */
import { strict as assert } from "node:assert";
import { createAntiCorruptionLayer, type AclDependencies } from "../../handlers/anti-corruption-layer/acl";
import { declarativeTranslator } from "../../handlers/anti-corruption-layer/translator";
import type { HttpHandler } from "../../handlers/contracts";
import { fixture, LegacyService } from "./legacy-service";
import { aclSettings } from "./settings-fixture";

/** The RFC 9457 problem document the handler answers errors with. */
interface Problem {
    readonly detail: string;
    readonly field?: string;
    readonly legacyPath?: string;
    readonly value?: unknown;
    readonly faultCode?: string;
}
const problemOf = (res: Response) => res.json() as Promise<Problem>;

const CREDENTIALS = JSON.stringify({ username: "acl-svc", password: "s3cr&t<" });

describe("anti-corruption layer handler (stand-in SOAP service on 127.0.0.1)", () => {
    let legacy: LegacyService;
    const logs: string[] = [];

    before(async () => {
        legacy = await LegacyService.start();
    });
    after(() => legacy.stop());
    beforeEach(() => (logs.length = 0));

    function acl(
        legacySettings: Record<string, unknown> = {},
        deps: AclDependencies = { credentials: async () => CREDENTIALS },
    ): HttpHandler {
        const settings = aclSettings(legacy.url, legacySettings);
        return createAntiCorruptionLayer(settings, declarativeTranslator(settings.mapping!), { log: (m) => logs.push(m), ...deps });
    }

    const get = (handler: HttpHandler, path: string) => handler(new Request(`https://acl.example${path}`));
    const post = (handler: HttpHandler, path: string, body: unknown) =>
        handler(
            new Request(`https://acl.example${path}`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify(body),
            }),
        );

    describe("translation", () => {
        it("turns GET /orders/{id} into a SOAP 1.1 GetOrder call and the OrderRecord into the domain Order", async () => {
            legacy.serve({ body: fixture("get-order.soap11.xml") });
            const res = await get(acl(), "/orders/000123");
            assert.equal(res.status, 200);
            assert.deepEqual(await res.json(), {
                id: "000123",
                customerId: "C-77",
                total: "19.99",
                status: "ACTIVE",
                createdAt: "2024-01-31",
            });
            const [sent] = legacy.received;
            assert.equal(sent.headers["content-type"], "text/xml; charset=utf-8");
            assert.equal(sent.headers.soapaction, '"urn:legacy-orders/GetOrder"');
            assert.equal(sent.headers.authorization, `Basic ${Buffer.from("acl-svc:s3cr&t<").toString("base64")}`);
            assert.match(
                sent.body,
                /<soap:Envelope xmlns:soap="http:\/\/schemas.xmlsoap.org\/soap\/envelope\/"><soap:Body><GetOrder xmlns="urn:legacy-orders"><OrderId>000123<\/OrderId><\/GetOrder><\/soap:Body><\/soap:Envelope>$/,
            );
        });

        it("speaks SOAP 1.2 (action in the content type), keeps huge amounts exact and maps unknown codes to UNKNOWN", async () => {
            legacy.serve({ contentType: "application/soap+xml; charset=utf-8", body: fixture("get-order.soap12.xml") });
            const res = await get(acl({ soapVersion: "1.2" }), "/orders/000456");
            assert.equal(res.status, 200);
            assert.deepEqual(await res.json(), {
                id: "000456",
                customerId: "C-88",
                total: "100000000000000000.01",
                status: "UNKNOWN",
                createdAt: "2023-12-31",
            });
            const [sent] = legacy.received;
            assert.equal(sent.headers["content-type"], 'application/soap+xml; charset=utf-8; action="urn:legacy-orders/GetOrder"');
            assert.equal(sent.headers.soapaction, undefined);
            assert.match(sent.body, /xmlns:soap="http:\/\/www.w3.org\/2003\/05\/soap-envelope"/);
        });

        it("returns a list for a 'many' operation and converts query parameters to the legacy forms", async () => {
            legacy.serve({ body: fixture("list-orders.soap11.xml") });
            const res = await get(acl(), "/customers/C-1/orders?since=2024-01-01&status=COMPLETED");
            assert.equal(res.status, 200);
            assert.deepEqual(await res.json(), [
                { id: "1", customerId: "C-1", total: "0.05", status: "COMPLETED", createdAt: "2024-01-01" },
                { id: "2", customerId: "C-1", total: "-2.50", status: "CANCELLED", createdAt: "2024-02-29" },
            ]);
            assert.match(
                legacy.received[0].body,
                /<ListOrders xmlns="urn:legacy-orders"><CustomerId>C-1<\/CustomerId><Since>20240101<\/Since><Status>C<\/Status><\/ListOrders>/,
            );
        });

        it("translates a POST body to the legacy record (cents, legacy date, status code) and answers 201", async () => {
            legacy.serve({ body: fixture("create-order.soap11.xml") });
            const res = await post(acl(), "/orders", {
                id: "000789",
                customerId: "C-5",
                total: "10.5",
                status: "ACTIVE",
                createdAt: "2024-03-15",
            });
            assert.equal(res.status, 201);
            assert.deepEqual(await res.json(), {
                id: "000789",
                customerId: "C-5",
                total: "10.50",
                status: "ACTIVE",
                createdAt: "2024-03-15",
            });
            assert.match(
                legacy.received[0].body,
                /<CreateOrder xmlns="urn:legacy-orders"><OrderRecord><ORD_NUM>000789<\/ORD_NUM><CUST_ID>C-5<\/CUST_ID><TOT_AMT>1050<\/TOT_AMT><STAT_CD>A<\/STAT_CD><CRT_DT>20240315<\/CRT_DT><\/OrderRecord><\/CreateOrder>/,
            );
        });

        it("answers 204 for an operation without a result", async () => {
            legacy.serve({
                body: '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><CancelOrderResponse xmlns="urn:legacy-orders"/></soap:Body></soap:Envelope>',
            });
            const res = await acl()(new Request("https://acl.example/orders/7", { method: "DELETE" }));
            assert.equal(res.status, 204);
        });

        it("sends a WS-Security UsernameToken instead of Basic auth when configured, with the password escaped", async () => {
            legacy.serve({ body: fixture("get-order.soap11.xml") });
            await get(acl({ authentication: "wsSecurity" }), "/orders/000123");
            const [sent] = legacy.received;
            assert.equal(sent.headers.authorization, undefined);
            assert.match(
                sent.body,
                /<soap:Header><wsse:Security [^>]*soap:mustUnderstand="1"><wsse:UsernameToken><wsse:Username>acl-svc<\/wsse:Username><wsse:Password Type="[^"]+#PasswordText">s3cr&amp;t&lt;<\/wsse:Password>/,
            );
        });
    });

    describe("bad requests", () => {
        it("refuses a body whose date is not a date, naming the field and value, without calling the legacy system", async () => {
            legacy.serve({ body: fixture("create-order.soap11.xml") });
            const res = await post(acl(), "/orders", {
                id: "1",
                customerId: "C",
                total: "1.00",
                status: "ACTIVE",
                createdAt: "2024-02-30",
            });
            assert.equal(res.status, 422);
            const problem = await problemOf(res);
            assert.equal(problem.field, "createdAt");
            assert.equal(problem.value, "2024-02-30");
            assert.match(problem.detail, /field 'createdAt' \(legacy CRT_DT\) must be an ISO date/);
            assert.equal(legacy.received.length, 0);
        });

        it("refuses a fraction of a cent, an unknown field, a missing field and a status the legacy system has no code for", async () => {
            legacy.serve({ body: fixture("create-order.soap11.xml") });
            const order = { id: "1", customerId: "C", total: "1.00", status: "ACTIVE", createdAt: "2024-02-01" };
            const cases: [unknown, RegExp][] = [
                [
                    { ...order, total: "1.005" },
                    /'total' \(legacy TOT_AMT\) must be a decimal amount with at most two decimal places, e\.g\. "123\.45", got "1\.005"/,
                ],
                [
                    { ...order, discount: "1" },
                    /has unknown fields; allowed fields are id, customerId, total, status, createdAt, got \["discount"\]/,
                ],
                [{ ...order, customerId: undefined }, /field 'customerId' \(legacy CUST_ID\) is required but missing/],
                [{ ...order, status: "UNKNOWN" }, /'status' \(legacy STAT_CD\) must be one of ACTIVE, COMPLETED, CANCELLED, got "UNKNOWN"/],
            ];
            for (const [body, message] of cases) {
                const res = await post(acl(), "/orders", body);
                assert.equal(res.status, 422);
                assert.match((await problemOf(res)).detail, message);
            }
            assert.equal(legacy.received.length, 0);
        });

        it("answers 400 for JSON that does not parse and for a bad query parameter, 415 for a body that is not JSON", async () => {
            const bad = await acl()(
                new Request("https://acl.example/orders", { method: "POST", headers: { "content-type": "application/json" }, body: "{" }),
            );
            assert.equal(bad.status, 400);
            const since = await get(acl(), "/customers/C-1/orders?since=31.01.2024");
            assert.equal(since.status, 400);
            assert.match((await problemOf(since)).detail, /'query.since'.*must be an ISO date.*got "31.01.2024"/);
            const xml = await acl()(
                new Request("https://acl.example/orders", { method: "POST", headers: { "content-type": "text/xml" }, body: "<a/>" }),
            );
            assert.equal(xml.status, 415);
        });

        it("answers 413 for a body over maxRequestBytes, without calling the legacy system", async () => {
            const settings = aclSettings(legacy.url, {}, { maxRequestBytes: 64 });
            const handler = createAntiCorruptionLayer(settings, declarativeTranslator(settings.mapping!), { log: () => {} });
            const res = await post(handler, "/orders", {
                id: "1".repeat(100),
                customerId: "C",
                total: "1.00",
                status: "ACTIVE",
                createdAt: "2024-02-01",
            });
            assert.equal(res.status, 413);
            assert.match((await problemOf(res)).detail, /over the limit of 64 bytes/);
            assert.equal(legacy.received.length, 0);
        });

        it("passes the caller's x-request-id on to the legacy system", async () => {
            legacy.serve({ body: fixture("get-order.soap11.xml") });
            await acl()(new Request("https://acl.example/orders/000123", { headers: { "x-request-id": "req-42" } }));
            assert.equal(legacy.received[0].headers["x-request-id"], "req-42");
        });

        it("answers 404 naming the routes for an unknown path and 405 with Allow for a wrong method", async () => {
            const missing = await get(acl(), "/invoices/1");
            assert.equal(missing.status, 404);
            assert.match((await problemOf(missing)).detail, /no route for GET \/invoices\/1; routes are GET \/orders\/\{id\}/);
            const wrong = await acl()(new Request("https://acl.example/orders/1", { method: "PUT", body: "{}" }));
            assert.equal(wrong.status, 405);
            assert.equal(wrong.headers.get("allow"), "GET, DELETE");
        });
    });

    describe("legacy faults and failures", () => {
        it("maps a SOAP 1.1 Client fault that says not found to 404 with the fault text", async () => {
            legacy.serve({ status: 500, body: fixture("fault-not-found.soap11.xml") });
            const res = await get(acl(), "/orders/404404");
            assert.equal(res.status, 404);
            const problem = await problemOf(res);
            assert.equal(problem.detail, "GetOrder: Order 404404 not found");
            assert.equal(problem.faultCode, "Client");
        });

        it("maps a SOAP 1.2 Sender fault to 422 with the first Reason text and the subcode", async () => {
            legacy.serve({ status: 400, contentType: "application/soap+xml", body: fixture("fault-validation.soap12.xml") });
            const res = await post(acl({ soapVersion: "1.2" }), "/orders", {
                id: "1",
                customerId: "C-0",
                total: "1.00",
                status: "ACTIVE",
                createdAt: "2024-02-01",
            });
            assert.equal(res.status, 422);
            const problem = await problemOf(res);
            assert.equal(problem.detail, "CreateOrder: CUST_ID C-0 is closed");
            assert.equal(problem.faultCode, "Sender/InvalidCustomer");
        });

        it("maps a Server fault to 502 with its text and does not retry it", async () => {
            legacy.serve({ status: 500, body: fixture("fault-server.soap11.xml") });
            const res = await get(acl(), "/orders/1");
            assert.equal(res.status, 502);
            assert.match((await problemOf(res)).detail, /ORA-00060: deadlock detected/);
            assert.equal(legacy.received.length, 1);
        });

        it("lets faultStatus override the classification by fault code, subcode or detail element", async () => {
            legacy.serve({ status: 500, body: fixture("fault-validation.soap12.xml"), contentType: "application/soap+xml" });
            const res = await get(acl({ soapVersion: "1.2", faultStatus: { InvalidCustomer: 409 } }), "/orders/1");
            assert.equal(res.status, 409);
        });

        it("answers 504 when the legacy system is too slow, after retrying an idempotent GET", async () => {
            legacy.serve({ body: fixture("get-order.soap11.xml"), delayMs: 2_000 });
            const res = await get(acl({ timeoutMs: 100 }), "/orders/000123");
            assert.equal(res.status, 504);
            assert.match((await problemOf(res)).detail, /GetOrder: the legacy system did not answer within 100 ms \(2 attempts\)/);
            assert.equal(legacy.received.length, 2);
        });

        it("never retries a POST: one slow attempt is a 504", async () => {
            legacy.serve({ body: fixture("create-order.soap11.xml"), delayMs: 2_000 });
            const res = await post(acl({ timeoutMs: 100 }), "/orders", {
                id: "1",
                customerId: "C",
                total: "1.00",
                status: "ACTIVE",
                createdAt: "2024-02-01",
            });
            assert.equal(res.status, 504);
            assert.match((await problemOf(res)).detail, /\(1 attempt\)/);
            assert.equal(legacy.received.length, 1);
        });

        it("retries a transient 503 for a GET and succeeds; a POST gets the 503 as a 502 after one attempt", async () => {
            const unavailable = { status: 503, contentType: "text/html", body: "<html><body>Service Unavailable</body></html>" };
            legacy.serve(unavailable, { body: fixture("get-order.soap11.xml") });
            const ok = await get(acl(), "/orders/000123");
            assert.equal(ok.status, 200);
            assert.equal(legacy.received.length, 2);

            legacy.serve(unavailable, { body: fixture("create-order.soap11.xml") });
            const res = await post(acl(), "/orders", {
                id: "1",
                customerId: "C",
                total: "1.00",
                status: "ACTIVE",
                createdAt: "2024-02-01",
            });
            assert.equal(res.status, 502);
            assert.match(
                (await problemOf(res)).detail,
                /CreateOrder: expected a SOAP 1.1 envelope \(text\/xml\), got text\/html with HTTP 503: "<html><body>Service Unavailable<\/body><\/html>"/,
            );
            assert.equal(legacy.received.length, 1);
        });

        it("answers 502 naming what was expected when the legacy answer is JSON, empty, or XML that is not SOAP", async () => {
            const cases: [Parameters<LegacyService["serve"]>[0], RegExp][] = [
                [
                    { contentType: "application/json", body: '{"error":"gateway"}' },
                    /expected a SOAP 1.1 envelope \(text\/xml\), got application\/json with HTTP 200: "\{\\"error\\":\\"gateway\\"\}"/,
                ],
                [{ body: "" }, /expected a SOAP 1.1 envelope \(text\/xml\), got an empty answer with HTTP 200/],
                [
                    { body: "<html><body>Login</body></html>" },
                    /expected a SOAP 1.1 envelope \(text\/xml\); the answer's root is <html>, not a SOAP Envelope/,
                ],
                [
                    { body: "<soap:Envelope><soap:Body><Get" },
                    /expected a SOAP 1.1 envelope \(text\/xml\); the answer was refused: not well-formed XML/,
                ],
            ];
            for (const [answer, message] of cases) {
                legacy.serve(answer);
                const res = await get(acl(), "/orders/1");
                assert.equal(res.status, 502);
                assert.match((await problemOf(res)).detail, message);
            }
        });

        it("refuses a billion-laughs document unread: 502 naming the DOCTYPE, no expansion", async () => {
            legacy.serve({ body: fixture("billion-laughs.xml") });
            const res = await get(acl(), "/orders/1");
            assert.equal(res.status, 502);
            const text = await res.text();
            assert.match(JSON.parse(text).detail, /declares a DOCTYPE; SOAP messages must not contain a DTD/);
            assert.ok(!text.includes("lollol"), "no expanded entity text reaches the client");
        });

        it("refuses an external-entity document: 502, and nothing of the referenced file leaks", async () => {
            legacy.serve({ body: fixture("external-entity.xml") });
            const res = await get(acl(), "/orders/1");
            assert.equal(res.status, 502);
            const text = await res.text();
            assert.match(JSON.parse(text).detail, /declares a DOCTYPE/);
            assert.ok(!text.includes("root:"), "no line of /etc/passwd in the answer");
        });

        it("answers 502 naming the field and value when the legacy record breaks the contract", async () => {
            legacy.serve({ body: fixture("bad-date.soap11.xml") });
            const res = await get(acl(), "/orders/9");
            assert.equal(res.status, 502);
            const problem = await problemOf(res);
            assert.deepEqual([problem.field, problem.legacyPath, problem.value], ["createdAt", "OrderRecord.CRT_DT", "20240231"]);
            assert.match(problem.detail, /must be a date in the format %Y%m%d, got "20240231"/);

            legacy.serve({ body: fixture("get-order.soap11.xml").replace(/<TOT_AMT>.*<\/TOT_AMT>/, "") });
            const missing = await get(acl(), "/orders/1");
            assert.equal(missing.status, 502);
            assert.match((await problemOf(missing)).detail, /field 'total' \(legacy OrderRecord.TOT_AMT\) is required but missing/);
        });

        it("answers 404 when the legacy answer holds no record", async () => {
            legacy.serve({
                body: '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetOrderResponse xmlns="urn:legacy-orders"/></soap:Body></soap:Envelope>',
            });
            const res = await get(acl(), "/orders/1");
            assert.equal(res.status, 404);
        });

        it("answers 502 naming the limit when the legacy answer is too large", async () => {
            legacy.serve({ body: `<soap:Envelope xmlns:soap="x"><soap:Body>${"<a>x</a>".repeat(1024)}</soap:Body></soap:Envelope>` });
            const res = await get(acl({ maxResponseBytes: 4096 }), "/orders/1");
            assert.equal(res.status, 502);
            assert.match((await problemOf(res)).detail, /exceeds the limit of 4096 bytes/);
        });

        it("answers 502 when the legacy system cannot be reached", async () => {
            const closed = await LegacyService.start();
            await closed.stop();
            const settings = aclSettings(closed.url, { maxAttempts: 1 });
            const res = await createAntiCorruptionLayer(settings, declarativeTranslator(settings.mapping!), { log: () => {} })(
                new Request("https://acl.example/orders/1"),
            );
            assert.equal(res.status, 502);
            assert.match(
                (await problemOf(res)).detail,
                /GetOrder: the legacy system could not be reached at 127.0.0.1:\d+ \(ECONNREFUSED\) after 1 attempt/,
            );
        });

        it("answers 500 without detail when the secret store fails, logs why, and reads it again on the next request", async () => {
            legacy.serve({ body: fixture("get-order.soap11.xml") });
            let reads = 0;
            const handler = acl(
                {},
                { credentials: async () => (++reads === 1 ? Promise.reject(new Error("AccessDeniedException")) : CREDENTIALS) },
            );
            const first = await get(handler, "/orders/000123");
            assert.equal(first.status, 500);
            assert.ok(!(await first.text()).includes("AccessDenied"));
            assert.match(logs.join("\n"), /cannot read the legacy credentials: AccessDeniedException/);
            assert.equal((await get(handler, "/orders/000123")).status, 200);
            assert.equal((await get(handler, "/orders/000123")).status, 200);
            assert.equal(reads, 2, "read once more after the failure, then cached");
        });
    });
});

describe("anti-corruption layer deployed handler (cold start)", () => {
    it("answers 500 and logs the bad field when CLOUD_PATTERNS_CONFIG is wrong, without reading any secret", async () => {
        const { deployedHandler } = await import("../../handlers/anti-corruption-layer/deployed-handler");
        const { settingsDocument } = await import("./settings-fixture");
        const reads: unknown[] = [];
        const store = { provider: "aws" as const, read: async (ref: unknown) => (reads.push(ref), "{}") };
        const saved = process.env.CLOUD_PATTERNS_CONFIG;
        const errors: string[] = [];
        const error = console.error;
        console.error = (m: string) => errors.push(m);
        try {
            process.env.CLOUD_PATTERNS_CONFIG = JSON.stringify(settingsDocument("https://erp.internal/x", { soapVersion: "1.3" }));
            const handler = deployedHandler({ mappingFromSettings: true }, store);
            const res = await handler(new Request("https://acl.example/orders/1"));
            assert.equal(res.status, 500);
            assert.ok(!(await res.text()).includes("soapVersion"), "the client is not told the configuration");
            assert.match(errors.join("\n"), /cannot start: CLOUD_PATTERNS_CONFIG: 'legacy.soapVersion' must be one of 1.1, 1.2, got "1.3"/);

            process.env.CLOUD_PATTERNS_CONFIG = JSON.stringify(
                settingsDocument(
                    "https://erp.internal/x",
                    {},
                    { mapping: { element: "OrderRecord", fields: { total: { type: "money" } } } },
                ),
            );
            await deployedHandler({ mappingFromSettings: true }, store)(new Request("https://acl.example/orders/1"));
            assert.match(errors.join("\n"), /mapping.fields.total.type: unknown converter "money"/);

            await deployedHandler({ notATranslator: true }, store)(new Request("https://acl.example/orders/1"));
            assert.match(errors.join("\n"), /translator module translatorModule must export a function toDomain\(response, context\)/);
            assert.deepEqual(reads, []);
        } finally {
            console.error = error;
            if (saved === undefined) delete process.env.CLOUD_PATTERNS_CONFIG;
            else process.env.CLOUD_PATTERNS_CONFIG = saved;
        }
    });
});
