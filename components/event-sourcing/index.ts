/**
 * Event Sourcing: state stored as the events that produced it, behind a command API with
 * optimistic concurrency, replay from snapshots and temporal queries; committed events published
 * to the cloud's event bus. The cloud is picked by the `cloud` arg or stack config; only that
 * cloud's implementation (and provider SDK) is loaded.
 */
import * as pulumi from "@pulumi/pulumi";
import { PatternComponent, PatternDefinition } from "../pattern-component";
import type { EventSourcingArgs } from "./args";
import type { AwsEventSourcing } from "./aws";
import type { AzureEventSourcing } from "./azure";
import type { GcpEventSourcing } from "./gcp";
import { EVENT_SOURCING_OUTPUTS, EventSourcingOutputs } from "./outputs";
import { resolveEventSourcingArgs, ResolvedEventSourcingArgs } from "./resolve";

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
export type { EventSourcingOutputs } from "./outputs";
export type { AwsEventSourcing, AzureEventSourcing, GcpEventSourcing };

const EVENT_SOURCING: PatternDefinition<EventSourcingArgs | undefined, ResolvedEventSourcingArgs, EventSourcingOutputs, AwsEventSourcing, AzureEventSourcing, GcpEventSourcing> = {
    className: "EventSourcing",
    resolve: resolveEventSourcingArgs,
    aws: (...build) => (require("./aws") as typeof import("./aws")).createAwsEventSourcing(...build),
    azure: (...build) => (require("./azure") as typeof import("./azure")).createAzureEventSourcing(...build),
    gcp: (...build) => (require("./gcp") as typeof import("./gcp")).createGcpEventSourcing(...build),
    outputs: EVENT_SOURCING_OUTPUTS,
};

export class EventSourcing
    extends PatternComponent<EventSourcingArgs | undefined, ResolvedEventSourcingArgs, EventSourcingOutputs, AwsEventSourcing, AzureEventSourcing, GcpEventSourcing>
    implements EventSourcingOutputs
{
    /** Base URL of the command API (POST/GET /streams/{id}, GET /streams/{id}/events), no trailing slash. */
    declare readonly commandUrl: pulumi.Output<string>;
    /** The store holding the events: DynamoDB table, `account/database/container`, Firestore database, or the PostgreSQL cluster/server/instance. */
    declare readonly storeName: pulumi.Output<string>;
    /** Where committed events are published: EventBridge bus, Event Grid topic, Pub/Sub topic; "" with publish off. */
    declare readonly eventsTopic: pulumi.Output<string>;

    constructor(name: string, args?: EventSourcingArgs, opts?: pulumi.ComponentResourceOptions) {
        super(EVENT_SOURCING, name, args, opts);
    }
}
