/**
 * Event Sourcing: state stored as the events that produced it, behind a command API with
 * optimistic concurrency, replay from snapshots and temporal queries; committed events published
 * to the cloud's event bus. The cloud is picked by the `cloud` arg or stack config; only that
 * cloud's implementation (and provider SDK) is loaded.
 */
import * as pulumi from "@pulumi/pulumi";
import { resolveCloud } from "../cloud";
import { PatternComponent } from "../pattern-component";
import type { EventSourcingArgs } from "./args";
import type { AwsEventSourcing } from "./aws";
import type { AzureEventSourcing } from "./azure";
import type { GcpEventSourcing } from "./gcp";
import { EventSourcingPlan, planEventSourcing } from "./plan";

export type {
    EventSourcingArgs,
    EventSourcingAwsArgs,
    EventSourcingAwsPostgresArgs,
    EventSourcingAzureArgs,
    EventSourcingAzurePostgresArgs,
    EventSourcingGcpArgs,
    EventSourcingGcpPostgresArgs,
    EventStoreKind,
} from "./args";
export type { AwsEventSourcing, AzureEventSourcing, GcpEventSourcing };

/** The outputs of an Event Sourcing on every cloud. */
export interface EventSourcingOutputs {
    /** Base URL of the command API (POST/GET /streams/{id}, GET /streams/{id}/events), no trailing slash. */
    readonly commandUrl: pulumi.Output<string>;
    /** The store holding the events: DynamoDB table, `account/database/container`, Firestore database, or the PostgreSQL cluster/server/instance. */
    readonly storeName: pulumi.Output<string>;
    /** Where committed events are published: EventBridge bus, Event Grid topic, Pub/Sub topic; "" with publish off. */
    readonly eventsTopic: pulumi.Output<string>;
}

/** One cloud's implementation; the bound is the compile-time check that every cloud returns the same outputs. */
export type EventSourcingImplementation<T extends EventSourcingOutputs> = (name: string, plan: EventSourcingPlan, opts: pulumi.CustomResourceOptions) => T;

export class EventSourcing
    extends PatternComponent<EventSourcingOutputs, AwsEventSourcing, AzureEventSourcing, GcpEventSourcing>
    implements EventSourcingOutputs
{
    readonly commandUrl: pulumi.Output<string>;
    readonly storeName: pulumi.Output<string>;
    readonly eventsTopic: pulumi.Output<string>;

    constructor(name: string, args?: EventSourcingArgs, opts?: pulumi.ComponentResourceOptions) {
        // Everything that can be wrong is found before the component or any child is registered.
        const cloud = resolveCloud("EventSourcing", args?.cloud);
        const plan = planEventSourcing(name, cloud, args);
        super("EventSourcing", name, cloud, {
            aws: (o) => (require("./aws") as typeof import("./aws")).createAwsEventSourcing(name, plan, o),
            azure: (o) => (require("./azure") as typeof import("./azure")).createAzureEventSourcing(name, plan, o),
            gcp: (o) => (require("./gcp") as typeof import("./gcp")).createGcpEventSourcing(name, plan, o),
        }, opts);
        this.commandUrl = this.outputs.commandUrl;
        this.storeName = this.outputs.storeName;
        this.eventsTopic = this.outputs.eventsTopic;
        this.registerOutputs({ commandUrl: this.commandUrl, storeName: this.storeName, eventsTopic: this.eventsTopic });
    }
}
