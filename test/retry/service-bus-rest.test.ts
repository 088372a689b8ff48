/**
 * Service Bus over its REST API: no Service Bus emulator runs here, so a stand-in on 127.0.0.1
 * checks each request against the published Send Message protocol (learn.microsoft.com/rest/api/
 * servicebus/send-message-to-queue) and answers as it documents (201, or 401 with the service's
 * error text). The producer, the rescheduler and the dead-letter sink send through the real sender.
 */
import { strict as assert } from "node:assert";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Message } from "../../handlers/contracts";
import { ServiceBusProducer } from "../../handlers/queues/service-bus";
import { serviceBusQueueSender } from "../../handlers/queues/service-bus-rest";
import { ServiceBusDeadLetterSink, ServiceBusRescheduler } from "../../handlers/queues/service-bus-retry";

interface Sent {
    readonly method: string;
    readonly path: string;
    readonly headers: IncomingHttpHeaders;
    readonly body: string;
}

async function serviceBus(): Promise<{ endpoint: string; sent: Sent[]; server: Server }> {
    const sent: Sent[] = [];
    const server = createServer((req, res) => {
        let body = "";
        req.on("data", (chunk: Buffer) => (body += chunk.toString()));
        req.on("end", () => {
            sent.push({ method: req.method!, path: req.url!, headers: req.headers, body });
            if (req.headers.authorization !== "Bearer sb-token") {
                res.writeHead(401, { "content-type": "application/xml" }).end(
                    "<Error><Code>401</Code><Detail>InvalidSignature</Detail></Error>",
                );
            } else res.writeHead(201, { "content-type": req.headers["content-type"] }).end();
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sent, server };
}

const message: Message = { id: "m-1", body: '{"orderId":"o-1"}', attempt: 2, receivedAt: new Date(0), attributes: { tenant: "acme" } };

describe("Service Bus over REST (Send Message, with the managed identity's token)", () => {
    let bus: Awaited<ReturnType<typeof serviceBus>>;
    const sender = (queue: string, token = "sb-token") =>
        serviceBusQueueSender("orders-bus.servicebus.windows.net", queue, { endpoint: bus.endpoint, token: async () => token });
    beforeEach(async () => (bus = await serviceBus()));
    afterEach(() => bus.server.close());

    it("the producer POSTs the body to {queue}/messages, the key as MessageId and as a quoted application property", async () => {
        assert.deepEqual(await new ServiceBusProducer(sender("work")).enqueue('{"a":1}', { idempotencyKey: "order-7" }), {
            messageId: "order-7",
        });
        const [sent] = bus.sent;
        assert.equal(sent.method, "POST");
        assert.equal(sent.path, "/work/messages");
        assert.equal(sent.headers["content-type"], "application/json");
        assert.equal(sent.body, '{"a":1}');
        assert.deepEqual(JSON.parse(sent.headers.brokerproperties as string), { MessageId: "order-7" });
        assert.equal(sent.headers["idempotency-key"], '"order-7"');
    });

    it("the rescheduler sets ScheduledEnqueueTimeUtc (RFC 1123) and sends the attempts made as a number", async () => {
        await new ServiceBusRescheduler(sender("work"), () => Date.UTC(2026, 11, 1, 19, 0, 0)).defer(message, 4000, 2);
        const [sent] = bus.sent;
        assert.deepEqual(JSON.parse(sent.headers.brokerproperties as string), {
            MessageId: "m-1:attempt-3",
            ScheduledEnqueueTimeUtc: "Tue, 01 Dec 2026 19:00:04 GMT",
        });
        assert.equal(sent.headers["retry-prior-attempts"], "2");
        assert.equal(sent.headers.tenant, '"acme"');
        assert.equal(sent.headers["idempotency-key"], '"m-1"');
    });

    it("the dead-letter sink sends to the dead-letter queue; text outside ASCII goes \\u-escaped in its header", async () => {
        await new ServiceBusDeadLetterSink(sender("work-dlq")).deadLetter(message, "refusé: “bad” order", 5);
        const [sent] = bus.sent;
        assert.equal(sent.path, "/work-dlq/messages");
        assert.equal(sent.headers["dead-letter-reason"], '"refus\\u00e9: \\u201cbad\\u201d order"');
        assert.equal(JSON.parse(sent.headers["dead-letter-reason"] as string), "refusé: “bad” order");
        assert.equal(sent.headers.attempts, '"5"');
    });

    it("a refusal is an error with the service's status and words; a property no header can carry is refused by name", async () => {
        await assert.rejects(new ServiceBusProducer(sender("work", "stale")).enqueue("{}"), /Service Bus answered 401: .*InvalidSignature/);
        const bad = { body: "{}", contentType: "application/json", messageId: "x", applicationProperties: { "has space": "v" } };
        await assert.rejects(sender("work").sendMessages(bad), /application property name must be an HTTP token .*got 'has space'/);
        await assert.rejects(sender("work").sendMessages({ ...bad, applicationProperties: { Authorization: "v" } }), /got 'Authorization'/);
    });
});
