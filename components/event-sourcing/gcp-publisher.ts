/**
 * GCP publishing of committed events: an Eventarc trigger on Firestore `document.v1.created` for
 * the event documents invokes a publisher function, which publishes each event to the topic
 * (ordering key = stream id, `eventId` attribute). An event is published because it was stored,
 * never by the command request, so a failed publish neither fails the command nor loses the
 * event: Eventarc retries it (retry policy RETRY) for up to its 24-hour retention. One still failing
 * after {@link DEAD_LETTER_AFTER_SECONDS} (a document that is not an event, a topic refusing it) is
 * published whole to a dead-letter topic of its own, held by a subscription with an alarm, long
 * before Eventarc would drop it.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { PubSubPublisherSettingsDocument } from "../../handlers/event-sourcing/settings-document";
import { createGcpDeadLetterTopic, GcpDeadLetterTopic } from "../platform/dead-letter-topic-gcp";
import { createGcpFunction, GcpFunction } from "../platform/function-gcp";
import { gcpLabels } from "../platform/tags";
import type { SettingsInput } from "../platform/types";
import { firestorePublisherBundle } from "./functions";
import { ResolvedEventSourcingArgs, NAMES } from "./resolve";

export const FIRESTORE_CREATED = "google.cloud.firestore.document.v1.created";
/** The event documents of every stream (firestore.ts: `{collection}/{stream}/events/{version}`). */
export const EVENT_DOCUMENT_PATTERN = `${NAMES.collection}/{stream}/events/{version}`;
/** A publish is one Pub/Sub call; the budget leaves room for its own retries. */
const PUBLISHER_TIMEOUT_SECONDS = 60;
const PUBLISHER_MEMORY_MB = 256;
/** How long an event document is retried (Eventarc redelivers with back-off) before it is dead-lettered: well inside Eventarc's 24 hours. */
export const DEAD_LETTER_AFTER_SECONDS = 3600;

export interface GcpEventPublisher {
    /** The publisher function and its Eventarc trigger (`function.eventTrigger`). */
    readonly function: GcpFunction;
    /** roles/pubsub.publisher for the publisher's identity, on the events topic only. */
    readonly topicAccess: gcp.pubsub.TopicIAMMember;
    /** roles/eventarc.eventReceiver for the publisher's identity, which the trigger pushes as. */
    readonly eventReceiver: gcp.projects.IAMMember;
    /** Where event documents still failing after {@link DEAD_LETTER_AFTER_SECONDS} go whole, held and alarmed. */
    readonly deadLetters: GcpDeadLetterTopic;
    /** roles/pubsub.publisher for the publisher's identity, on the dead-letter topic only. */
    readonly deadLetterAccess: gcp.pubsub.TopicIAMMember;
}

export interface GcpEventPublisherArgs {
    readonly resolved: ResolvedEventSourcingArgs;
    readonly project: pulumi.Input<string>;
    /** The Firestore database's location: an Eventarc Firestore trigger must be in it. */
    readonly region: pulumi.Input<string>;
    readonly database: gcp.firestore.Database;
    readonly topic: gcp.pubsub.Topic;
    /** `projects/<p>/topics/<t>`, what the Pub/Sub client takes. */
    readonly topicPath: pulumi.Input<string>;
}

/**
 * Children: `${name}-publisher-*` (the function), `${name}-publisher-topic-access`, `${name}-publisher-event-receiver`,
 * `${name}-publish-dead-letters` (with `-held` and `-alarm`) and `${name}-publisher-dead-letter-access`.
 */
export function createGcpEventPublisher(name: string, args: GcpEventPublisherArgs, opts: pulumi.CustomResourceOptions): GcpEventPublisher {
    const deadLetters = createGcpDeadLetterTopic(
        `${name}-publish-dead-letters`,
        args.resolved.alarmNotify,
        gcpLabels(args.resolved.tags),
        opts,
    );
    const fn = createGcpFunction(
        `${name}-publisher`,
        {
            bundle: firestorePublisherBundle(),
            memoryMb: PUBLISHER_MEMORY_MB,
            timeoutSeconds: PUBLISHER_TIMEOUT_SECONDS,
            settings: {
                topic: args.topicPath,
                deadLetters: {
                    topic: pulumi.interpolate`projects/${args.project}/topics/${deadLetters.topic.name}`,
                    maxAgeSeconds: DEAD_LETTER_AFTER_SECONDS,
                },
            } satisfies SettingsInput<PubSubPublisherSettingsDocument>,
            tags: args.resolved.tags,
            logRetentionDays: args.resolved.logRetentionDays,
            region: args.region,
            eventTrigger: {
                eventType: FIRESTORE_CREATED,
                triggerRegion: args.region,
                retryPolicy: "RETRY_POLICY_RETRY",
                eventFilters: [
                    { attribute: "database", value: args.database.name },
                    { attribute: "namespace", value: "(default)" },
                    { attribute: "document", value: EVENT_DOCUMENT_PATTERN, operator: "match-path-pattern" },
                ],
            },
        },
        opts,
    );
    const topicAccess = new gcp.pubsub.TopicIAMMember(
        `${name}-publisher-topic-access`,
        { topic: args.topic.name, role: "roles/pubsub.publisher", member: fn.serviceAccount.member },
        opts,
    );
    // Eventarc checks this role on the project; it lets the identity receive events, nothing else.
    const eventReceiver = new gcp.projects.IAMMember(
        `${name}-publisher-event-receiver`,
        { project: args.project, role: "roles/eventarc.eventReceiver", member: fn.serviceAccount.member },
        opts,
    );
    const deadLetterAccess = new gcp.pubsub.TopicIAMMember(
        `${name}-publisher-dead-letter-access`,
        { topic: deadLetters.topic.name, role: "roles/pubsub.publisher", member: fn.serviceAccount.member },
        opts,
    );
    return { function: fn, topicAccess, eventReceiver, deadLetters, deadLetterAccess };
}
