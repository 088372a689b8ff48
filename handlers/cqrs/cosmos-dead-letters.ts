/**
 * The Azure projector's dead-letter sink: a Cosmos DB container (partition key `/id`). Each given-up
 * change is kept whole, under `<change>-<attempt>`, so a change that fails again after a fix is a
 * new entry rather than an overwrite of the first.
 */
import type { CosmosRestContainer as Container } from "../stores/clients/cosmos-rest";
import type { DeadLetterSink } from "./dead-letters";

export function cosmosDeadLetterSink(container: Container, now: () => Date = () => new Date()): DeadLetterSink {
    return async (messages) => {
        for (const m of messages) {
            await container.items.upsert({
                id: `${m.id}-${m.attempt}`,
                change: m.id,
                attempt: m.attempt,
                body: m.body,
                deadLetteredAt: now().toISOString(),
            });
        }
    };
}
