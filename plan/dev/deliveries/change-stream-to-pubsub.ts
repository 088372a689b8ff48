/**
 * The stand-in for Google's "Spanner change streams to Pub/Sub" Dataflow template (no Dataflow
 * runs locally): it reads the write database's change stream on the Spanner emulator as the
 * template's connector does (./spanner-change-stream.ts), in windows from the last one's end to
 * now, and publishes each data change record once, as the JSON the template publishes with
 * `outputDataFormat: JSON`, to the changes topic on the Pub/Sub emulator.
 */
import type { PubSubTopic } from "../../../handlers/stores/clients/pubsub-rest";
import { pollLoop, type PollLoop } from "./poll-loop";
import { readChangeStream } from "./spanner-change-stream";

export interface ChangeStreamSource {
    /** The emulator's REST gateway. */
    readonly endpoint: string;
    /** The database's full name. */
    readonly databaseName: string;
    readonly stream: string;
    /** Where the first window starts: no earlier than the database's creation, as the emulator requires. */
    readonly since: Date;
}

export function startChangeStreamToPubSub(source: ChangeStreamSource, topic: PubSubTopic, log: (line: string) => void): PollLoop {
    let from = source.since;
    // Windows share their end instant (both bounds are inclusive): a record read twice is published once.
    const published = new Set<string>();
    return pollLoop(
        async () => {
            const to = new Date();
            const records = await readChangeStream(source.endpoint, source.databaseName, source.stream, from, to);
            const fresh = records.filter((r) => !published.has(`${r.commitTimestamp}/${r.serverTransactionId}/${r.recordSequence}`));
            if (fresh.length > 0) {
                const ids = await topic.publish(fresh.map((r) => ({ data: JSON.stringify(r) })));
                for (const r of fresh) published.add(`${r.commitTimestamp}/${r.serverTransactionId}/${r.recordSequence}`);
                for (const [i, r] of fresh.entries())
                    log(
                        `change stream: ${r.modType} ${r.mods.map((m) => m.keysJson).join(", ")} at ${r.commitTimestamp} -> ${topic.name} (message ${ids[i]})`,
                    );
            }
            from = to;
        },
        (message) => log(`change stream: ${message}`),
    );
}
