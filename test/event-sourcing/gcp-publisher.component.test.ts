/** EventSourcing on GCP: the Eventarc Firestore trigger, the publisher function and their IAM (Pulumi mocks). */
import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { EventSourcing, EventSourcingArgs } from "../../components/event-sourcing";
import { commandBundle, firestorePublisherBundle } from "../../components/event-sourcing/functions";
import { bundleFunction, gcpSignatureType, triggerRunsOn } from "../../components/platform/bundle";
import { evaluate } from "../../plan/mock-cloud";
import { inventory, ofType, only } from "../support/resources";

const CONFIG = { "cloud-patterns:cloud": "gcp", "gcp:region": "europe-west1", "gcp:project": "mock-project" };

async function deploy(args: EventSourcingArgs = {}) {
    return (await evaluate(() => new EventSourcing("es", { tags: { team: "ledger" }, ...args }), { config: CONFIG })).resources;
}

describe("EventSourcing on GCP: publishing from Firestore through Eventarc (mocks)", function () {
    this.timeout(120_000);

    it("triggers the publisher on created event documents of this database, in its region, retried by Eventarc, pushed as the publisher's own identity", async () => {
        const resources = await deploy();
        const db = only(resources, "gcp:firestore/database:Database").inputs;
        const publisher = only(resources, "gcp:cloudfunctionsv2/function:Function", "es-publisher-function").inputs;
        const identity = `${only(resources, "gcp:serviceaccount/account:Account", "es-publisher-identity").inputs.accountId}@mock-project.iam.gserviceaccount.com`;
        assert.deepEqual(publisher.eventTrigger, {
            eventType: "google.cloud.firestore.document.v1.created",
            retryPolicy: "RETRY_POLICY_RETRY",
            triggerRegion: "europe-west1",
            eventFilters: [
                { attribute: "database", value: db.name },
                { attribute: "namespace", value: "(default)" },
                { attribute: "document", value: "streams/{stream}/events/{version}", operator: "match-path-pattern" },
            ],
            serviceAccountEmail: identity,
        });
        assert.equal(db.locationId, "europe-west1");
        assert.equal(publisher.location, "europe-west1");
        assert.equal(publisher.serviceConfig.ingressSettings, "ALLOW_INTERNAL_ONLY");
        assert.equal(publisher.serviceConfig.serviceAccountEmail, identity);
        // FUNCTION_SIGNATURE_TYPE is reserved: Cloud Run functions sets it for a function with an eventTrigger.
        assert.equal(publisher.serviceConfig.environmentVariables.FUNCTION_SIGNATURE_TYPE, undefined);
        const topicName = only(resources, "gcp:pubsub/topic:Topic", "es-topic").inputs.name;
        const deadLetterTopic = only(resources, "gcp:pubsub/topic:Topic", "es-publish-dead-letters").inputs.name;
        assert.deepEqual(JSON.parse(publisher.serviceConfig.environmentVariables.CLOUD_PATTERNS_CONFIG), {
            topic: `projects/mock-project/topics/${topicName}`,
            deadLetters: { topic: `projects/mock-project/topics/${deadLetterTopic}`, maxAgeSeconds: 3600 },
        });
        assert.equal(publisher.labels.team, "ledger");
    });

    it("lets the publisher's identity publish to this topic only and receive events; the command function gets no Pub/Sub role", async () => {
        const resources = await deploy();
        const member = `serviceAccount:${only(resources, "gcp:serviceaccount/account:Account", "es-publisher-identity").inputs.accountId}@mock-project.iam.gserviceaccount.com`;
        const topicName = only(resources, "gcp:pubsub/topic:Topic", "es-topic").inputs.name;
        const deadLetterTopic = only(resources, "gcp:pubsub/topic:Topic", "es-publish-dead-letters").inputs.name;
        assert.deepEqual(
            ofType(resources, "gcp:pubsub/topicIAMMember:TopicIAMMember").map((r) => [
                r.name,
                r.inputs.topic,
                r.inputs.role,
                r.inputs.member,
            ]),
            [
                ["es-publisher-topic-access", topicName, "roles/pubsub.publisher", member],
                ["es-publisher-dead-letter-access", deadLetterTopic, "roles/pubsub.publisher", member],
            ],
        );
        const receiver = only(resources, "gcp:projects/iAMMember:IAMMember", "es-publisher-event-receiver").inputs;
        assert.deepEqual([receiver.project, receiver.role, receiver.member], ["mock-project", "roles/eventarc.eventReceiver", member]);
        const invoker = only(resources, "gcp:cloudrunv2/serviceIamMember:ServiceIamMember", "es-publisher-trigger-invoker").inputs;
        assert.deepEqual([invoker.role, invoker.member], ["roles/run.invoker", member]);
        // The publisher reads nothing from Firestore (the event carries the document) and holds no other role.
        const publisherGrants = resources
            .filter((r) => r.inputs.member === member)
            .map((r) => `${r.type} ${r.inputs.role}`)
            .sort();
        assert.deepEqual(publisherGrants, [
            "gcp:cloudrunv2/serviceIamMember:ServiceIamMember roles/run.invoker",
            "gcp:projects/iAMMember:IAMMember roles/eventarc.eventReceiver",
            "gcp:pubsub/topicIAMMember:TopicIAMMember roles/pubsub.publisher",
            "gcp:pubsub/topicIAMMember:TopicIAMMember roles/pubsub.publisher",
        ]);
    });

    it("holds what the publisher dead-letters a week in a subscription of its own, alarmed as soon as one waits", async () => {
        const resources = await deploy({ alarmNotify: "projects/mock-project/notificationChannels/42" });
        const topic = only(resources, "gcp:pubsub/topic:Topic", "es-publish-dead-letters").inputs;
        const held = only(resources, "gcp:pubsub/subscription:Subscription", "es-publish-dead-letters-held").inputs;
        assert.deepEqual(
            [held.topic, held.messageRetentionDuration, held.expirationPolicy, held.retainAckedMessages],
            [topic.name, "604800s", { ttl: "" }, false],
        );
        const alarm = only(resources, "gcp:monitoring/alertPolicy:AlertPolicy", "es-publish-dead-letters-alarm").inputs;
        assert.match(
            alarm.conditions[0].conditionThreshold.filter,
            new RegExp(`subscription_id = "${held.name}" AND metric.type = "pubsub.googleapis.com/subscription/num_undelivered_messages"`),
        );
        assert.deepEqual(alarm.notificationChannels, ["projects/mock-project/notificationChannels/42"]);
        assert.equal(alarm.userLabels.team, "ledger");
    });

    it("creates no topic, trigger or publisher with publish: false", async () => {
        const resources = await deploy({ publish: false });
        assert.equal(
            inventory(resources).filter((r) => /publisher|topic|event-receiver/.test(r)).length,
            0,
            inventory(resources).join("\n"),
        );
    });

    it("bundles the publisher as a CloudEvent function for GCP only", () => {
        const spec = firestorePublisherBundle();
        assert.equal(gcpSignatureType(spec.trigger), "cloudevent");
        assert.deepEqual(
            [triggerRunsOn(Cloud.Gcp, spec.trigger), triggerRunsOn(Cloud.Aws, spec.trigger), triggerRunsOn(Cloud.Azure, spec.trigger)],
            [true, false, false],
        );
        const bundle = bundleFunction(spec, Cloud.Gcp, "es-publisher");
        assert.match(bundle.files["index.js"], /DocumentEventData/);
        assert.throws(() => bundleFunction(spec, Cloud.Aws, "es-publisher"), /trigger 'firestore-document' does not run on aws/);
    });

    it("leaves Pub/Sub out of the command function: it stores, the publisher publishes", () => {
        const command = bundleFunction(commandBundle("firestore"), Cloud.Gcp, "es-command").files["index.js"];
        // The publisher speaks Pub/Sub's REST API (handlers/stores/clients/pubsub-rest.ts): its endpoint marks the client.
        const pubSub = /pubsub\.googleapis\.com|google\.pubsub\.v1|publishMessage/;
        assert.doesNotMatch(command, pubSub);
        assert.match(
            bundleFunction(firestorePublisherBundle(), Cloud.Gcp, "es-publisher").files["index.js"],
            /https:\/\/pubsub\.googleapis\.com/,
        );
    });
});
