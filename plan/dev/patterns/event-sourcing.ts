/**
 * Event Sourcing, locally: the command function's bundle for its store, the store on its real
 * peer (DynamoDB Local with the recorded tables on AWS, the Firestore emulator on GCP). The smoke
 * run follows docs/patterns/event-sourcing.md with the built-in account decider: open, deposit,
 * the deposit delivered again (a client's retry of an acknowledged append: 409, nothing stored),
 * then the state, which must hold exactly the acknowledged appends.
 * Publishing (EventBridge Pipes, the Cosmos DB change feed, Eventarc) is not run locally: the run says so.
 */
import { commandBundle } from "../../../components/event-sourcing/functions";
import { Cloud } from "../../../components/cloud";
import type { CommandSettingsDocument } from "../../../handlers/event-sourcing/settings-document";
import { createRecordedTables } from "../dynamodb-tables";
import { DevWiring, stackFunction } from "../wiring";

/** Where each cloud's dev stack keeps its events locally, and why not where it cannot. */
const UNAVAILABLE: Partial<Record<Cloud, string>> = {
    [Cloud.Azure]:
        "the command function signs in to Cosmos DB with its managed identity, which the local Cosmos DB peer (cosmosdb-server) cannot take",
};

export const eventSourcingWiring: DevWiring = {
    unavailable: (cloud) => UNAVAILABLE[cloud],
    async prepare(pattern, context) {
        const fn = stackFunction(pattern, "command");
        const settings = fn.settings as unknown as CommandSettingsDocument;
        let environment: Record<string, string>;
        if (settings.store.kind === "dynamodb") {
            const peer = await context.peers.get("dynamodb-local");
            const client = peer.client();
            try {
                context.log(`tables on DynamoDB Local: ${(await createRecordedTables(client, pattern.resources)).join(", ")}`);
            } finally {
                client.destroy();
            }
            environment = { ...peer.env };
        } else if (settings.store.kind === "firestore") {
            environment = { ...(await context.peers.get("firestore")).env };
        } else throw new Error(`EventSourcing '${pattern.name}': store '${settings.store.kind}' has no local peer wired`);
        if (pattern.functions.some((f) => f.role !== "command") || pattern.resources.some((r) => r.type === "aws:pipes/pipe:Pipe"))
            context.log("events are stored but not published locally (the publisher runs on the cloud's change stream)");
        return {
            functions: [{ role: "command", bundle: commandBundle(settings.store.kind), settings, environment }],
            routes: ["POST /streams/{id}", "GET /streams/{id}", "GET /streams/{id}/events"].map((key) => ({ key, role: "command" })),
            async smoke(call) {
                const stream = `/streams/smoke-${Date.now()}`;
                const opened = await call("POST", stream, { command: { type: "open" } }, { "if-none-match": "*" });
                const deposit = { command: { type: "deposit", amount: 200 } };
                const deposited = await call("POST", stream, deposit, { "if-match": '"1"' });
                const again = await call("POST", stream, deposit, { "if-match": '"1"' });
                const state = await call("GET", stream);
                const read = state.status === 200 ? (JSON.parse(state.text) as { version: number; state: { balance: number } }) : undefined;
                const ok =
                    opened.status === 201 &&
                    deposited.status === 201 &&
                    again.status === 409 &&
                    read?.version === 2 &&
                    read.state.balance === 200;
                return {
                    ok,
                    summary:
                        `open -> ${opened.status}, deposit -> ${deposited.status}, the deposit again -> ${again.status}` +
                        `, GET -> ${state.status} version ${read?.version ?? "?"} balance ${read?.state.balance ?? "?"}`,
                };
            },
            stop: async () => undefined,
        };
    },
};
