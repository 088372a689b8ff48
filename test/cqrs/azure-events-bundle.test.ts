/**
 * CQRS with `source` on Azure, through the built projector bundle: the package is written to a
 * folder and loaded as the Functions worker loads it (a recording @azure/functions-core beside it,
 * plan/dev/azure-core-stand-in.ts), and its registered Service Bus queue handler is invoked.
 *
 * No Service Bus emulator or Event Grid runs here, so the messages are recorded payloads
 * (test/fixtures/cqrs/event-grid-service-bus-messages.json) written from the documented formats:
 * the CloudEvent the EventSourcing's publisher sends (handlers/event-sourcing/cloud-event.ts), as
 * an event subscription with the CloudEvents delivery schema puts it on a queue, one event a
 * message with Event Grid's `aeg-*` message properties (Learn, "Service Bus queues and topics as
 * event handlers"), with the trigger metadata the worker hands a function. The queue's own rule is
 * played by the test as Service Bus documents it: a message whose handler throws is abandoned,
 * redelivered with `deliveryCount` + 1, and moved to the dead-letter sub-queue once its delivery
 * count reaches `maxDeliveryCount`. AI Search and the function's managed identity endpoint (App
 * Service's IDENTITY_ENDPOINT, which Flex Consumption apps have) are loopback stand-ins answering with
 * their documented response shapes; the bundle reaches both through its own clients.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { InvocationContext } from "@azure/functions";
import { Cloud } from "../../components/cloud";
import { resolveCqrsArgs } from "../../components/cqrs/resolve";
import { bundleFunction } from "../../components/platform/bundle";
import { writeBundle } from "../../components/platform/bundle-write";
import type { ProjectorSettingsDocument } from "../../handlers/cqrs/settings-document";
import { azureCoreRegistrations, installAzureCoreStandIn } from "../../plan/dev/azure-core-stand-in";
import { listenLocally, quietConsoleError } from "../runtimes/support";
import { CATALOG } from "./component-fixture";

interface RecordedMessage {
    readonly message: { readonly id: string; readonly data: { readonly stream: string } };
    readonly triggerMetadata: { readonly messageId: string; readonly deliveryCount: number } & Record<string, unknown>;
}

const MESSAGES = JSON.parse(
    fs.readFileSync(path.join(__dirname, "../fixtures/cqrs/event-grid-service-bus-messages.json"), "utf8"),
) as RecordedMessage[];
const TOPIC_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ledger-rg/providers/Microsoft.EventGrid/topics/ledger";
const IDENTITY_HEADER = "identity-header-secret";
const TOKEN = "projector-managed-identity-token";

/** AI Search's data plane for one index, and App Service's managed identity endpoint, on one loopback server. */
function standIns() {
    const documents = new Map<string, Record<string, unknown>>();
    const unauthorized: string[] = [];
    let indexCreated = false;
    const json = (res: http.ServerResponse, status: number, body: unknown): void => {
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    const server = http.createServer((req, res) => {
        let text = "";
        req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        req.on("end", () => {
            const url = new URL(req.url!, "http://127.0.0.1");
            if (url.pathname === "/msi/token") {
                // App Service managed identity, api-version 2019-08-01: the secret header, the resource, then a bearer token.
                if (req.headers["x-identity-header"] !== IDENTITY_HEADER || url.searchParams.get("resource") !== "https://search.azure.com")
                    return json(res, 400, { error: "invalid_request" });
                const expiresOn = String(Math.floor(Date.now() / 1000) + 3600);
                return json(res, 200, {
                    access_token: TOKEN,
                    expires_on: expiresOn,
                    resource: "https://search.azure.com",
                    token_type: "Bearer",
                });
            }
            if (req.headers.authorization !== `Bearer ${TOKEN}`) {
                unauthorized.push(`${req.method} ${url.pathname}`);
                return json(res, 401, { error: { code: "Unauthorized", message: "no valid token" } });
            }
            const body = text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>);
            if (req.method === "PUT" && url.pathname === "/indexes/products") {
                indexCreated = true;
                return json(res, 201, body);
            }
            if (!indexCreated)
                return json(res, 404, { error: { code: "ResourceNotFound", message: "No index with the name 'products' was found" } });
            if (url.pathname === "/indexes/products/docs/search.post.search") {
                // The projector's lookup: search.in(cqrsKey, 'k1,k2', ',').
                const keys = /search\.in\(cqrsKey, '([^']*)', ','\)/.exec(String(body!.filter))![1].split(",");
                return json(res, 200, {
                    value: keys.filter((k) => documents.has(k)).map((k) => ({ "@search.score": 1, ...documents.get(k) })),
                });
            }
            if (url.pathname === "/indexes/products/docs/search.index") {
                const actions = body!.value as Record<string, unknown>[];
                const value = actions.map(({ "@search.action": action, ...doc }) => {
                    assert.equal(action, "mergeOrUpload");
                    const key = String(doc.cqrsKey);
                    const created = !documents.has(key);
                    documents.set(key, { ...documents.get(key), ...doc });
                    return { key, status: true, errorMessage: null, statusCode: created ? 201 : 200 };
                });
                return json(res, 200, { value });
            }
            json(res, 404, { error: { code: "NotFound", message: `${req.method} ${url.pathname}` } });
        });
    });
    const byId = (id: string) => documents.get(Buffer.from(id, "utf8").toString("base64url"));
    return { server, byId, documents, unauthorized };
}

describe("CQRS with source on Azure: the projector bundle on Event Grid events delivered as Service Bus messages", function () {
    this.timeout(180_000);
    const search = standIns();
    let tmp: string;
    let handle: (message: unknown, context: InvocationContext) => Promise<unknown>;
    const saved: Record<string, string | undefined> = {};

    before(async () => {
        const url = await listenLocally(search.server);
        const resolved = resolveCqrsArgs("cat", Cloud.Azure, {
            ...CATALOG,
            source: { eventsTopic: "ledger", storeName: "ledger/eventsourcing/events", eventsTopicId: TOPIC_ID },
            projectionModule: path.join(__dirname, "../fixtures/cqrs/product-events.ts"),
        });
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cqrs-azure-events-"));
        writeBundle(bundleFunction(resolved.bundles.projector, Cloud.Azure, "cat-projector"), tmp);
        installAzureCoreStandIn(tmp);
        const env = {
            CLOUD_PATTERNS_CONFIG: JSON.stringify({
                readModel: resolved.readModel,
                readStore: { kind: "ai-search", endpoint: url, index: "products" },
                source: "event-sourcing",
            } satisfies ProjectorSettingsDocument),
            IDENTITY_ENDPOINT: `${url}/msi/token`,
            IDENTITY_HEADER,
        };
        for (const [name, value] of Object.entries(env)) {
            saved[name] = process.env[name];
            process.env[name] = value;
        }
        require(path.join(tmp, JSON.parse(fs.readFileSync(path.join(tmp, "package.json"), "utf8")).main));
        const registration = azureCoreRegistrations().find((r) => r.metadata.name === "cat-projector");
        assert.ok(registration, "the bundle registers the projector");
        const trigger = Object.values(registration.metadata.bindings).find((b) => b.direction === "in")!;
        assert.deepEqual(
            [trigger.type, trigger.queueName, trigger.connection, trigger.cardinality],
            ["serviceBusTrigger", "events", "EVENTS_SERVICE_BUS", "one"],
        );
        handle = registration.callback;
    });
    after(() => {
        for (const [name, value] of Object.entries(saved)) {
            if (value === undefined) delete process.env[name];
            else process.env[name] = value;
        }
        search.server.close();
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("projects each event into the read model; a poison event is redelivered, then dead-lettered after maxDeliveryCount, and the others are projected", async () => {
        const maxDeliveryCount = resolveCqrsArgs("cat", Cloud.Azure, {
            ...CATALOG,
            source: { eventsTopic: "ledger", storeName: "s", eventsTopicId: TOPIC_ID },
        }).azure.maxAttempts;
        // The queue as Service Bus runs it: first in, first delivered; abandoned messages go back with deliveryCount + 1.
        const queue = MESSAGES.map((m) => ({ ...m, triggerMetadata: { ...m.triggerMetadata } }));
        const deadLettered: RecordedMessage[] = [];
        const failures: string[] = [];
        const { logged } = await quietConsoleError(async () => {
            while (queue.length > 0) {
                const next = queue.shift()!;
                try {
                    await handle(next.message, new InvocationContext({ triggerMetadata: next.triggerMetadata }));
                } catch (err) {
                    failures.push(`${next.message.id}#${next.triggerMetadata.deliveryCount}: ${(err as Error).message}`);
                    const { deliveryCount } = next.triggerMetadata;
                    if (deliveryCount >= maxDeliveryCount) deadLettered.push(next);
                    else queue.push({ ...next, triggerMetadata: { ...next.triggerMetadata, deliveryCount: deliveryCount + 1 } });
                }
            }
        });
        assert.match(logged, /broken version 1 \(message a3b2c1d0e9f84a7b6c5d4e3f2a1b0c9d\) could not be projected/);
        assert.deepEqual(search.unauthorized, [], "every AI Search request carries the managed identity's token");
        assert.deepEqual(
            deadLettered.map((m) => m.message.data.stream),
            ["broken"],
        );
        assert.equal(failures.length, maxDeliveryCount);
        assert.match(
            failures[0],
            /^e-3#1: Service Bus message a3b2c1d0e9f84a7b6c5d4e3f2a1b0c9d failed \(attempt 1\); it will be redelivered$/,
        );
        assert.equal(search.byId("broken"), undefined);
        // ProductAdded then PriceChanged, merged by the projection; the mug after the poison event is projected too.
        assert.deepEqual(search.byId("lamp"), {
            cqrsKey: Buffer.from("lamp").toString("base64url"),
            cqrsVersion: 2,
            cqrsDeleted: false,
            id: "lamp",
            name: "Desk lamp",
            category: "lighting",
            price: 22,
            tags: ["desk"],
        });
        assert.deepEqual([search.byId("mug")?.price, search.byId("mug")?.cqrsVersion], [8, 1]);
    });

    it("a redelivered older event leaves the newer read document as it is", async () => {
        const [productAdded] = MESSAGES;
        await handle(
            productAdded.message,
            new InvocationContext({ triggerMetadata: { ...productAdded.triggerMetadata, deliveryCount: 2 } }),
        );
        assert.deepEqual([search.byId("lamp")?.price, search.byId("lamp")?.cqrsVersion], [22, 2]);
    });
});
