import * as pulumi from "@pulumi/pulumi";
import { Cloud, resolveCloud } from "../cloud";
import { buildOnCloud, childrenOn } from "../pattern-component";
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
} from "./args";
export { EventStoreKind } from "./args";
export type { AwsEventSourcing, AzureEventSourcing, GcpEventSourcing };

/** The outputs of an Event Sourcing on every cloud (documented on the component class, whose properties the schema reads). */
export interface EventSourcingOutputs {
    readonly commandUrl: pulumi.Output<string>;
    readonly storeName: pulumi.Output<string>;
    readonly eventsTopic: pulumi.Output<string>;
}

/** One cloud's implementation; the bound is the compile-time check that every cloud returns the same outputs. */
export type EventSourcingImplementation<T extends EventSourcingOutputs> = (name: string, plan: EventSourcingPlan, opts: pulumi.CustomResourceOptions) => T;

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
    readonly commandUrl: pulumi.Output<string>;
    /** The store holding the events: DynamoDB table, `account/database/container`, Firestore database, or the PostgreSQL cluster/server/instance. */
    readonly storeName: pulumi.Output<string>;
    /** Where committed events are published: EventBridge bus, Event Grid topic, Pub/Sub topic; "" with publish off. */
    readonly eventsTopic: pulumi.Output<string>;

    constructor(name: string, args?: EventSourcingArgs, opts?: pulumi.ComponentResourceOptions) {
        // Everything that can be wrong is found before the component or any child is registered.
        const cloud = resolveCloud("EventSourcing", args?.cloud);
        const plan = planEventSourcing(name, cloud, args);
        super("cloud-patterns:index:EventSourcing", name, {}, opts);
        this.cloud = cloud;
        const outputs = buildOnCloud<EventSourcingOutputs, AwsEventSourcing, AzureEventSourcing, GcpEventSourcing>(this, cloud, {
            aws: (o) => (require("./aws") as typeof import("./aws")).createAwsEventSourcing(name, plan, o),
            azure: (o) => (require("./azure") as typeof import("./azure")).createAzureEventSourcing(name, plan, o),
            gcp: (o) => (require("./gcp") as typeof import("./gcp")).createGcpEventSourcing(name, plan, o),
        });
        this.commandUrl = outputs.commandUrl;
        this.storeName = outputs.storeName;
        this.eventsTopic = outputs.eventsTopic;
        this.registerOutputs({ commandUrl: this.commandUrl, storeName: this.storeName, eventsTopic: this.eventsTopic });
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
