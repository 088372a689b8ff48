/** Event Sourcing in the cost plan: each command appends an event to the store, which publishes it; every snapshotEvery events a snapshot is written. */
import { DEFAULT_SNAPSHOT_EVERY } from "../../handlers/event-sourcing/settings-document";
import type { PatternPricing } from "../pattern-pricing";

export const eventSourcingPricing: PatternPricing = {
    flow: { driver: "events", eventsAreWrites: true, writesPerMessage: 0 },
    // `publish-dlq`: where the AWS publisher puts the events EventBridge refused (and the Pipe a batch it could not hand over).
    deadLetterRoles: ["publish-dlq"],
    stores: {
        // The log: every event is a write; the profile's reads (stream and projection reads) and stored data are on it.
        events: ({ workload }) => ({ reads: workload.reads, writes: workload.events + workload.writes, storageGb: workload.storageGb }),
        // A command loads the stream's latest snapshot (one read); one snapshot is written every
        // snapshotEvery events, so the table holds about one item per snapshotEvery events.
        snapshots: ({ workload, setting }) => {
            const every = setting("snapshotEvery") ?? DEFAULT_SNAPSHOT_EVERY;
            return { reads: workload.events, writes: workload.events / every, storageGb: workload.storageGb / every };
        },
    },
};
