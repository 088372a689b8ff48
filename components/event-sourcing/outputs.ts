import type * as pulumi from "@pulumi/pulumi";
import type { CloudBuilder } from "../pattern-component";
import type { ResolvedEventSourcingArgs } from "./resolve";

/** The outputs of an Event Sourcing on every cloud; each is documented on the component class, whose properties Pulumi's schema reads. */
export interface EventSourcingOutputs {
    readonly commandUrl: pulumi.Output<string>;
    readonly storeName: pulumi.Output<string>;
    readonly eventsTopic: pulumi.Output<string>;
    readonly eventsTopicId: pulumi.Output<string>;
    readonly apiKey: pulumi.Output<string>;
}

/** The keys of {@link EventSourcingOutputs}, registered as the component's outputs. */
export const EVENT_SOURCING_OUTPUTS = [
    "commandUrl",
    "storeName",
    "eventsTopic",
    "eventsTopicId",
    "apiKey",
] as const satisfies readonly (keyof EventSourcingOutputs)[];

/** One cloud's implementation; the bound is the compile-time check that every cloud returns the same outputs. */
export type EventSourcingImplementation<T extends EventSourcingOutputs> = CloudBuilder<ResolvedEventSourcingArgs, T>;
