import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import { buildPattern, childrenOn, PatternDefinition, preparePattern } from "../pattern-component";
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
} from "./args";
export { EventStoreKind } from "./args";
export type { EventSourcingOutputs } from "./outputs";
export type { AwsEventSourcing, AzureEventSourcing, GcpEventSourcing };

const EVENT_SOURCING: PatternDefinition<
    EventSourcingArgs | undefined,
    ResolvedEventSourcingArgs,
    EventSourcingOutputs,
    AwsEventSourcing,
    AzureEventSourcing,
    GcpEventSourcing
> = {
    className: "EventSourcing",
    resolve: resolveEventSourcingArgs,
    aws: (...build) => (require("./aws") as typeof import("./aws")).createAwsEventSourcing(...build),
    azure: (...build) => (require("./azure") as typeof import("./azure")).createAzureEventSourcing(...build),
    gcp: (...build) => (require("./gcp") as typeof import("./gcp")).createGcpEventSourcing(...build),
    outputs: EVENT_SOURCING_OUTPUTS,
};

/**
 * Event Sourcing: state stored as the events that produced it, behind a command API with
 * optimistic concurrency, replay from snapshots and temporal queries; committed events published
 * to the cloud's event bus. The cloud is picked by the `cloud` arg or stack config; only that
 * cloud's implementation (and provider SDK) is loaded.
 */
export class EventSourcing extends pulumi.ComponentResource implements EventSourcingOutputs {
    /** The cloud it is deployed to. */
    readonly cloud: Cloud;
    /** Base URL of the command API (POST/GET /streams/{id}, GET /streams/{id}/events), no trailing slash. */
    declare readonly commandUrl: pulumi.Output<string>;
    /** The store holding the events: DynamoDB table, `account/database/container`, Firestore database, or the PostgreSQL cluster/server/instance. */
    declare readonly storeName: pulumi.Output<string>;
    /** Where committed events are published: EventBridge bus, Event Grid topic, Pub/Sub topic; "" with publish off. */
    declare readonly eventsTopic: pulumi.Output<string>;
    /**
     * The cloud's id of where committed events are published: the EventBridge bus's ARN, the Event Grid topic's
     * resource id, the Pub/Sub topic's full name; "" with publish off. What a subscriber (a Cqrs `source`) subscribes on.
     */
    declare readonly eventsTopicId: pulumi.Output<string>;
    /**
     * The key callers send when `auth` is `apiKey` (`Ocp-Apim-Subscription-Key` on Azure, `x-api-key` on GCP),
     * a secret; "" with any other mode.
     */
    declare readonly apiKey: pulumi.Output<string>;

    constructor(name: string, args?: EventSourcingArgs, opts?: pulumi.ComponentResourceOptions) {
        const prepared = preparePattern(EVENT_SOURCING, name, args);
        super(prepared.type, name, {}, opts);
        this.cloud = prepared.cloud;
        this.registerOutputs(buildPattern(this, EVENT_SOURCING, name, prepared));
    }

    /** The AWS children, when deployed to AWS (TypeScript only: other languages get the outputs above). */
    get aws(): AwsEventSourcing | undefined {
        return childrenOn(this, Cloud.Aws);
    }

    /** The Azure children, when deployed to Azure (TypeScript only). */
    get azure(): AzureEventSourcing | undefined {
        return childrenOn(this, Cloud.Azure);
    }

    /** The GCP children, when deployed to GCP (TypeScript only). */
    get gcp(): GcpEventSourcing | undefined {
        return childrenOn(this, Cloud.Gcp);
    }
}
