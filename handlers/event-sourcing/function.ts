/**
 * The bundle entry of the Event Sourcing command function: settings from CLOUD_PATTERNS_CONFIG
 * (parsed once at cold start), the store they name, and the decider module the component bundled.
 */
import * as deciderModule from "cloud-patterns:decider";
import { readFunctionConfig } from "../config";
import type { HttpHandler } from "../contracts";
import { asDecider } from "./decider";
import { createEventSourcingHandler } from "./http";
import { openEventStore } from "./open-store";
import { parseEventSourcingSettings } from "./settings";

const settings = readFunctionConfig(parseEventSourcingSettings);

function publisher() {
    if (settings.publish.kind !== "pubsub") return undefined;
    const { PubSub } = require("@google-cloud/pubsub") as typeof import("@google-cloud/pubsub");
    const { pubsubPublisher } = require("./pubsub-publisher") as typeof import("./pubsub-publisher");
    return pubsubPublisher(new PubSub(), settings.publish.topic);
}

export const handler: HttpHandler = createEventSourcingHandler({
    store: openEventStore(settings.store),
    decider: asDecider(deciderModule, "cloud-patterns:decider"),
    snapshotEvery: settings.snapshotEvery,
    onCommitted: publisher(),
});
