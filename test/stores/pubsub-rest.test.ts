/**
 * The Pub/Sub REST publisher against answers written from the v1 REST reference
 * (PublishResponse, google.rpc.Status in Google's error model), for what the emulator will not do
 * on demand: refuse with UNAVAILABLE. Publishing to the real emulator is covered by
 * test/peers/pubsub.test.ts and the publishers' own tests.
 */
import { strict as assert } from "node:assert";
import { GoogleApiError } from "../../handlers/stores/clients/google-rest";
import { pubSubRestTopic } from "../../handlers/stores/clients/pubsub-rest";

const TOPIC = "projects/p1/topics/es-events";

function recordedFetch(answer: (n: number) => { status: number; body: unknown }) {
    const calls: { url: string; body: unknown; authorization?: string }[] = [];
    const fetchFn = async (url: string | URL | Request, init?: RequestInit) => {
        if (String(url).endsWith("/service-accounts/default/token")) return Response.json({ access_token: "ya29.token", expires_in: 3600 });
        calls.push({
            url: String(url),
            body: JSON.parse(String(init?.body)),
            authorization: (init?.headers as Record<string, string>).authorization,
        });
        const { status, body } = answer(calls.length);
        return Response.json(body, { status });
    };
    return { calls, fetch: fetchFn as typeof fetch };
}

const refusal = (status: number, name: string, message: string) => ({ status, body: { error: { code: status, message, status: name } } });

describe("Pub/Sub REST publisher (Google's documented answers)", () => {
    it("publishes the messages in one request, base64 with their attributes and ordering keys, with the metadata server's token", async () => {
        const recorded = recordedFetch(() => ({ status: 200, body: { messageIds: ["11", "12"] } }));
        const ids = await pubSubRestTopic(TOPIC, { fetch: recorded.fetch }).publish([
            { data: '{"n":1}', attributes: { eventId: "e1" }, orderingKey: "acc/9" },
            { data: Buffer.from([0, 255]) },
        ]);
        assert.deepEqual(ids, ["11", "12"]);
        assert.deepEqual(recorded.calls, [
            {
                url: `https://pubsub.googleapis.com/v1/${TOPIC}:publish`,
                body: {
                    messages: [
                        { data: Buffer.from('{"n":1}').toString("base64"), attributes: { eventId: "e1" }, orderingKey: "acc/9" },
                        { data: "AP8=" },
                    ],
                },
                authorization: "Bearer ya29.token",
            },
        ]);
    });

    it("retries a publish refused UNAVAILABLE, as the SDK's publisher does", async () => {
        const recorded = recordedFetch((n) =>
            n === 1 ? refusal(503, "UNAVAILABLE", "The service is currently unavailable.") : { status: 200, body: { messageIds: ["1"] } },
        );
        assert.deepEqual(await pubSubRestTopic(TOPIC, { token: null, fetch: recorded.fetch }).publish([{ data: "x" }]), ["1"]);
        assert.equal(recorded.calls.length, 2);
    });

    it("surfaces NOT_FOUND (no such topic) at once, and sends nothing for no messages", async () => {
        const recorded = recordedFetch(() => refusal(404, "NOT_FOUND", "Resource not found (resource=es-events)."));
        const topic = pubSubRestTopic(TOPIC, { token: null, fetch: recorded.fetch });
        assert.deepEqual(await topic.publish([]), []);
        await assert.rejects(topic.publish([{ data: "x" }]), (err: unknown) => err instanceof GoogleApiError && err.status === "NOT_FOUND");
        assert.equal(recorded.calls.length, 1);
    });
});
