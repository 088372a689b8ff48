/**
 * Event Sourcing, locally: the command function's bundle for its store, the store on its real
 * peer (DynamoDB Local with the recorded tables on AWS, the local Cosmos DB peer on Azure, the
 * Firestore emulator on GCP). The smoke run follows docs/patterns/event-sourcing.md with the
 * built-in account decider: open, deposit, the deposit delivered again (a client's retry of an
 * acknowledged append: 409, nothing stored), concurrent deposits on one version (one 201, the rest
 * 409), then the state and the events, which must be exactly the acknowledged appends. Where the
 * publisher runs locally (Azure: change feed -> publisher -> Event Grid, ./azure.ts), the events
 * the topic received must be those appends too, each at least once (more under `queue: duplicate`).
 * Publishing on AWS (EventBridge Pipes) and GCP (Eventarc) is not run locally: the run says so.
 * Under `store` faults the store sits behind the faults' proxy: a refused call is the command's
 * 500 problem document ("it can be retried"), and what the store kept, read back once the faults
 * are lifted, must still be exactly the acknowledged appends.
 */
import { commandBundle } from "../../../../components/event-sourcing/functions";
import type { CommandSettingsDocument } from "../../../../handlers/event-sourcing/settings-document";
import { dynamoDbLocalWithTables } from "../../dynamodb-tables";
import { faultedStore, type StoreFaultProxy } from "../../store-fault-proxy";
import type { CallAnswer, DevWiring, FrontDoorCall, LocalFunction, SmokeOutcome } from "../../wiring";
import { stackFunction } from "../../wiring";
import { azureEventStore, azurePublication, type LocalPublication, type PublishedEvent } from "./azure";

/** Deposits sent at once on the same version: exactly one may be appended. */
const RACERS = 4;
/** How long the smoke run waits for the published events. */
const PUBLISH_WAIT_MS = 30_000;

export const eventSourcingWiring: DevWiring = {
    unavailable: () => undefined,
    async prepare(pattern, context) {
        const fn = stackFunction(pattern, "command");
        const stack = fn.settings as unknown as CommandSettingsDocument;
        let settings = stack;
        let environment: Record<string, string>;
        let publication: LocalPublication | undefined;
        let proxy: StoreFaultProxy | undefined;
        const stops: (() => Promise<void>)[] = [];
        if (stack.store.kind === "dynamodb") {
            const peer = await dynamoDbLocalWithTables(context, pattern.resources);
            const local = await faultedStore("dynamodb", peer.endpoint, context);
            proxy = local.proxy;
            stops.push(async () => local.proxy?.stop());
            environment = { ...peer.env, AWS_ENDPOINT_URL_DYNAMODB: local.endpoint };
        } else if (stack.store.kind === "firestore") {
            const peer = await context.peers.get("firestore");
            const local = await faultedStore("google-rest", peer.endpoint, context);
            proxy = local.proxy;
            stops.push(async () => local.proxy?.stop());
            // The functions' Firestore client finds the emulator by host:port (handlers/stores/clients/firestore.ts).
            environment = { ...peer.env, FIRESTORE_EMULATOR_HOST: new URL(local.endpoint).host };
        } else if (stack.store.kind === "cosmos") {
            const local = await azureEventStore(pattern, stack.store, context);
            stops.push(local.stop);
            proxy = local.proxy;
            settings = { ...stack, store: local.store };
            environment = local.environment;
            publication = await azurePublication(pattern, local.store, environment, context);
            stops.push(publication.stop);
        } else throw new Error(`EventSourcing '${pattern.name}': store '${stack.store.kind}' has no local peer wired`);
        if (
            !publication &&
            (pattern.functions.some((f) => f.role !== "command") || pattern.resources.some((r) => r.type === "aws:pipes/pipe:Pipe"))
        )
            context.log("events are stored but not published locally (the publisher runs on the cloud's change stream)");
        const functions: LocalFunction[] = [{ role: "command", bundle: commandBundle(stack.store.kind), settings, environment }];
        if (publication) functions.push(publication.publisher);
        return {
            functions,
            routes: ["POST /streams/{id}", "GET /streams/{id}", "GET /streams/{id}/events"].map((key) => ({ key, role: "command" })),
            appliesFaults: publication ? ["store", "queue"] : ["store"],
            started: (hosts) => publication?.connect(hosts.get("publisher")!),
            smoke: (call) => appendsSmoke(call, publication?.published, proxy),
            stop: async () => void (await Promise.all(stops.reverse().map((s) => s()))),
        };
    },
};

interface EventView {
    readonly version: number;
    readonly eventId: string;
    readonly type: string;
}

const eventsOf = (answer: CallAnswer): EventView[] =>
    answer.status === 201 ? (JSON.parse(answer.text) as { events: EventView[] }).events : [];

/** The command's answer when the store refused it: its 500 problem document, which says the request can be retried. */
const storeRefused = (answer: CallAnswer, proxy: StoreFaultProxy | undefined): boolean =>
    answer.status === 500 &&
    answer.contentType.startsWith("application/problem+json") &&
    proxy !== undefined &&
    proxy.counts.throttled + proxy.counts.timedOut > 0;

async function appendsSmoke(
    call: FrontDoorCall,
    published: readonly PublishedEvent[] | undefined,
    proxy: StoreFaultProxy | undefined,
): Promise<SmokeOutcome> {
    const id = `smoke-${Date.now()}`;
    const stream = `/streams/${id}`;
    const opened = await call("POST", stream, { command: { type: "open" } }, { "if-none-match": "*" });
    const deposit = { command: { type: "deposit", amount: 200 } };
    const deposited = await call("POST", stream, deposit, { "if-match": '"1"' });
    const again = await call("POST", stream, deposit, { "if-match": '"1"' });
    const racers = await Promise.all(
        Array.from({ length: RACERS }, () => call("POST", stream, { command: { type: "deposit", amount: 50 } }, { "if-match": '"2"' })),
    );
    const writes = [opened, deposited, again, ...racers];
    const refused = writes.filter((w) => storeRefused(w, proxy)).length;
    const won = racers.filter((r) => r.status === 201).length;
    const lost = racers.filter((r) => r.status === 409).length;
    // What the store kept is read with the faults lifted: a refused read would prove nothing either way.
    proxy?.lift();
    const state = await call("GET", stream);
    const read = state.status === 200 ? (JSON.parse(state.text) as { version: number; state: { balance: number } }) : undefined;
    const stored = await call("GET", `${stream}/events`);
    const storedIds = stored.status === 200 ? (JSON.parse(stored.text) as { events: EventView[] }).events.map((e) => e.eventId) : [];
    // What was acknowledged (a 201's events) must be what is stored: each once, and nothing else.
    const acknowledged = writes.flatMap(eventsOf).map((e) => e.eventId);
    const exactly = JSON.stringify([...storedIds].sort()) === JSON.stringify([...acknowledged].sort());
    const lines = [
        `open -> ${opened.status}, deposit -> ${deposited.status}, the deposit again -> ${again.status}`,
        `${RACERS} concurrent deposits -> ${won} x 201 + ${lost} x 409${won + lost < RACERS ? ` + ${RACERS - won - lost} x ${racers.find((r) => ![201, 409].includes(r.status))!.status}` : ""}`,
        `GET -> ${state.status} version ${read?.version ?? "?"} balance ${read?.state.balance ?? "?"}`,
        `stored ${storedIds.length} events, ${exactly ? "exactly the acknowledged appends" : `not the ${acknowledged.length} acknowledged`}`,
    ];
    let ok = proxy
        ? // Under store faults every write is answered as documented (201, 409) or refused as retryable, at most one racer wins,
          // and the state is that of the stored events.
          writes.every((w) => [201, 409].includes(w.status) || storeRefused(w, proxy)) &&
          won <= 1 &&
          exactly &&
          (storedIds.length === 0 ? state.status === 404 : read?.version === storedIds.length)
        : opened.status === 201 &&
          deposited.status === 201 &&
          again.status === 409 &&
          won === 1 &&
          lost === RACERS - 1 &&
          read?.version === 3 &&
          read.state.balance === 250 &&
          exactly;
    if (published) {
        const seen = await publishedFor(published, id, acknowledged);
        const distinct = new Set(seen.map((e) => e.id));
        const publishedExactly = distinct.size === acknowledged.length && acknowledged.every((e) => distinct.has(e));
        ok &&= publishedExactly;
        lines.push(
            `published ${distinct.size} distinct events in ${seen.length} deliveries, ` +
                (publishedExactly ? "each an acknowledged append" : `not the ${acknowledged.length} acknowledged`),
        );
    }
    if (proxy)
        lines.push(
            `store calls ${proxy.counts.calls}, throttled ${proxy.counts.throttled}, held ${proxy.counts.timedOut}` +
                (refused ? `; 500 (retryable) for ${refused} of ${writes.length} appends: the store refused` : "") +
                "; stored events read back with the faults lifted",
        );
    return { ok, summary: lines.join(", ") };
}

/** The events the topic received for the stream, once every acknowledged one arrived (or the wait is over). */
async function publishedFor(
    published: readonly PublishedEvent[],
    stream: string,
    acknowledged: readonly string[],
): Promise<PublishedEvent[]> {
    const deadline = Date.now() + PUBLISH_WAIT_MS;
    const ofStream = () => published.filter((e) => e.subject === stream);
    while (Date.now() < deadline && !acknowledged.every((id) => ofStream().some((e) => e.id === id)))
        await new Promise((r) => setTimeout(r, 200));
    // A duplicated batch arrives right after the first delivery: give it the change feed's poll interval.
    await new Promise((r) => setTimeout(r, 500));
    return ofStream();
}
