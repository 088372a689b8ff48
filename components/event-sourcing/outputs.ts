import type * as pulumi from "@pulumi/pulumi";
import type { CloudBuilder } from "../pattern-component";
import type { ResolvedEventSourcingArgs } from "./resolve";

/** The outputs of an Event Sourcing on every cloud. */
export interface EventSourcingOutputs {
    /** Base URL of the command API (POST/GET /streams/{id}, GET /streams/{id}/events), no trailing slash. */
    readonly commandUrl: pulumi.Output<string>;
    /** The store holding the events: DynamoDB table, `account/database/container`, Firestore database, or the PostgreSQL cluster/server/instance. */
    readonly storeName: pulumi.Output<string>;
    /** Where committed events are published: EventBridge bus, Event Grid topic, Pub/Sub topic; "" with publish off. */
    readonly eventsTopic: pulumi.Output<string>;
}

/** The keys of {@link EventSourcingOutputs}, registered as the component's outputs. */
export const EVENT_SOURCING_OUTPUTS = ["commandUrl", "storeName", "eventsTopic"] as const satisfies readonly (keyof EventSourcingOutputs)[];

/** One cloud's implementation; the bound is the compile-time check that every cloud returns the same outputs. */
export type EventSourcingImplementation<T extends EventSourcingOutputs> = CloudBuilder<ResolvedEventSourcingArgs, T>;
