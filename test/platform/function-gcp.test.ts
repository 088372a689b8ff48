import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { bundleFunction, GCP_ENTRY_POINT } from "../../components/platform/bundle";
import { createGcpFunction, GcpFunctionArgs } from "../../components/platform/function-gcp";
import { evaluate, valueOf } from "../../plan/mock-cloud";
import { inventory, only } from "../support/resources";
import { recordedArchiveFiles } from "./recorded";
import { childrenOf, EXPECTED_SETTINGS_JSON, functionArgs, Host } from "./fixture";

const FUNCTION = "gcp:cloudfunctionsv2/function:Function";
const LABELS = { "managed-by": "cloud-patterns", pattern: "gateway-aggregation", team: "payments_team" };
const ARGS: GcpFunctionArgs = { ...functionArgs(), region: "europe-west1" };

function deploy(args: GcpFunctionArgs = ARGS, config: Record<string, string> = {}) {
    return evaluate(() => createGcpFunction("gw-fn", args, { parent: new Host("gw") }), { config });
}

describe("createGcpFunction", () => {
    it("creates exactly a service account, source bucket, package object, build identity and gen2 function, under the pattern", async () => {
        const { resources } = await deploy();
        assert.deepEqual(inventory(resources), childrenOf(resources, "gw-fn-"));
        assert.deepEqual(childrenOf(resources, "gw-fn-"), [
            `${FUNCTION} gw-fn-function`,
            "gcp:projects/iAMMember:IAMMember gw-fn-build-image-writer",
            "gcp:projects/iAMMember:IAMMember gw-fn-build-log-writer",
            "gcp:serviceaccount/account:Account gw-fn-build-identity",
            "gcp:serviceaccount/account:Account gw-fn-identity",
            "gcp:storage/bucket:Bucket gw-fn-source",
            "gcp:storage/bucketIAMMember:BucketIAMMember gw-fn-build-source-reader",
            "gcp:storage/bucketObject:BucketObject gw-fn-package",
        ]);
    });

    it("builds as a service account of its own with only the roles a build needs, not the default compute account", async () => {
        const { resources } = await deploy();
        const build = only(resources, "gcp:serviceaccount/account:Account", "gw-fn-build-identity").inputs;
        assert.match(build.accountId, /^gw-fn-build-[0-9a-f]{8}$/);
        const email = `${build.accountId}@mock-project.iam.gserviceaccount.com`;
        const fn = only(resources, FUNCTION);
        assert.equal(fn.inputs.buildConfig.serviceAccount, `projects/mock-project/serviceAccounts/${email}`);
        const reader = only(resources, "gcp:storage/bucketIAMMember:BucketIAMMember").inputs;
        assert.deepEqual(
            [reader.bucket, reader.role, reader.member],
            [only(resources, "gcp:storage/bucket:Bucket").inputs.name, "roles/storage.objectViewer", `serviceAccount:${email}`],
            "the source: read only, its own bucket only",
        );
        const grants: Record<string, Record<string, any>> = Object.fromEntries(
            resources.filter((r) => r.type === "gcp:projects/iAMMember:IAMMember").map((r) => [r.inputs.role, r.inputs]),
        );
        assert.deepEqual(Object.keys(grants).sort(), ["roles/artifactregistry.writer", "roles/logging.logWriter"]);
        for (const grant of Object.values(grants))
            assert.deepEqual([grant.project, grant.member], ["mock-project", `serviceAccount:${email}`]);
        assert.equal(grants["roles/logging.logWriter"].condition, undefined);
        assert.equal(
            grants["roles/artifactregistry.writer"].condition.expression,
            'resource.name.startsWith("projects/mock-project/locations/europe-west1/repositories/gcf-artifacts") || ' +
                'resource.name.startsWith("projects/mock-project/locations/europe-west1/repositories/cloud-run-source-deploy")',
            "images: only the repositories Cloud Functions builds into, in the function's region",
        );
        // The build starts only once its roles exist.
        const dependsOn = new Set(fn.dependencies ? Object.values(fn.dependencies).flat() : []);
        for (const grant of ["gw-fn-build-source-reader", "gw-fn-build-log-writer", "gw-fn-build-image-writer"])
            assert.ok(
                [...dependsOn].some((urn) => urn.endsWith(`::${grant}`)) || fn.waitsFor?.some((urn) => urn.endsWith(`::${grant}`)),
                grant,
            );
    });

    it("keeps the source private: uniform bucket-level access, public access prevention enforced, labels", async () => {
        const { resources } = await deploy();
        const bucket = only(resources, "gcp:storage/bucket:Bucket").inputs;
        assert.equal(bucket.uniformBucketLevelAccess, true);
        assert.equal(bucket.publicAccessPrevention, "enforced");
        assert.equal(bucket.location, "europe-west1");
        assert.match(bucket.name, /^gw-fn-source-[0-9a-f]{8}$/);
        assert.deepEqual(bucket.labels, LABELS);
    });

    it("names the package object by the bundle hash, so a code change is a new build", async () => {
        const { resources } = await deploy();
        const bundle = bundleFunction(ARGS.bundle, Cloud.Gcp, "gw-fn");
        const object = only(resources, "gcp:storage/bucketObject:BucketObject").inputs;
        assert.equal(object.name, `${bundle.hash}.zip`);
        assert.equal(object.bucket, only(resources, "gcp:storage/bucket:Bucket").inputs.name);
        assert.deepEqual(await recordedArchiveFiles(object.source), bundle.files);
        const fn = only(resources, FUNCTION).inputs;
        assert.deepEqual(fn.buildConfig, {
            runtime: "nodejs24",
            entryPoint: GCP_ENTRY_POINT,
            source: { storageSource: { bucket: object.bucket, object: object.name } },
            serviceAccount: fn.buildConfig.serviceAccount,
        });
    });

    it("runs an HTTP function as its own service account with memory, timeout, scale ceiling, settings and labels", async () => {
        const { resources } = await deploy();
        const account = only(resources, "gcp:serviceaccount/account:Account", "gw-fn-identity").inputs;
        assert.match(account.accountId, /^gw-fn-[0-9a-f]{8}$/);
        const fn = only(resources, FUNCTION).inputs;
        assert.match(fn.name, /^gw-fn-[0-9a-f]{8}$/);
        assert.equal(fn.location, "europe-west1");
        assert.deepEqual(fn.serviceConfig, {
            availableMemory: "256Mi",
            timeoutSeconds: 20,
            maxInstanceCount: 100,
            ingressSettings: "ALLOW_ALL",
            serviceAccountEmail: `${account.accountId}@mock-project.iam.gserviceaccount.com`,
            environmentVariables: { CLOUD_PATTERNS_CONFIG: EXPECTED_SETTINGS_JSON, EXTRA: "yes" },
            allTrafficOnLatestRevision: true,
        });
        assert.equal(fn.eventTrigger, undefined);
        assert.deepEqual(fn.labels, LABELS);
    });

    it("grants no one the right to invoke an HTTP function (no allUsers, no IAM member at all)", async () => {
        const { resources } = await deploy();
        assert.deepEqual(
            resources.filter((r) => /Iam(Member|Binding|Policy)/.test(r.type)),
            [],
        );
    });

    it("delivers events through Eventarc as the function's own identity, retrying, internal ingress only", async () => {
        const topic = "projects/mock-project/topics/orders";
        const { resources, result } = await deploy({
            ...functionArgs({}, { kind: "pubsub" }),
            region: "europe-west1",
            eventTrigger: { eventType: "google.cloud.pubsub.topic.v1.messagePublished", pubsubTopic: topic },
        });
        const account = only(resources, "gcp:serviceaccount/account:Account", "gw-fn-identity").inputs;
        const email = `${account.accountId}@mock-project.iam.gserviceaccount.com`;
        const fn = only(resources, FUNCTION).inputs;
        assert.deepEqual(fn.eventTrigger, {
            eventType: "google.cloud.pubsub.topic.v1.messagePublished",
            pubsubTopic: topic,
            retryPolicy: "RETRY_POLICY_RETRY",
            serviceAccountEmail: email,
        });
        assert.equal(fn.serviceConfig.ingressSettings, "ALLOW_INTERNAL_ONLY");
        const invoker = only(resources, "gcp:cloudrunv2/serviceIamMember:ServiceIamMember", "gw-fn-trigger-invoker").inputs;
        assert.deepEqual(invoker, {
            location: "europe-west1",
            name: `projects/mock-project/locations/europe-west1/services/${fn.name}`,
            role: "roles/run.invoker",
            member: `serviceAccount:${email}`,
        });
        assert.ok(result.triggerInvoker);
    });

    it("takes an explicit ingress and a no-retry policy with event filters", async () => {
        const { resources } = await deploy({
            ...functionArgs({}, { kind: "pubsub" }),
            region: "europe-west1",
            ingressSettings: "ALLOW_INTERNAL_AND_GCLB",
            eventTrigger: {
                eventType: "google.cloud.audit.log.v1.written",
                retryPolicy: "RETRY_POLICY_DO_NOT_RETRY",
                eventFilters: [{ attribute: "serviceName", value: "storage.googleapis.com" }],
            },
        });
        const fn = only(resources, FUNCTION).inputs;
        assert.equal(fn.serviceConfig.ingressSettings, "ALLOW_INTERNAL_AND_GCLB");
        assert.equal(fn.eventTrigger.retryPolicy, "RETRY_POLICY_DO_NOT_RETRY");
        assert.deepEqual(fn.eventTrigger.eventFilters, [{ attribute: "serviceName", value: "storage.googleapis.com" }]);
    });

    it("returns the function's name and its HTTPS endpoint", async () => {
        const { result } = await deploy();
        const name = await valueOf(result.functionName);
        assert.match(name, /^gw-fn-[0-9a-f]{8}$/);
        assert.equal(await valueOf(result.url), `https://${name}-mock.a.run.app`);
    });

    it("takes the region from gcp:region, and says how to set it when there is none", async () => {
        const { resources } = await deploy({ ...ARGS, region: undefined }, { "gcp:region": "us-central1" });
        assert.equal(only(resources, FUNCTION).inputs.location, "us-central1");
        await assert.rejects(
            deploy({ ...ARGS, region: undefined }),
            /gw-fn \(Cloud Functions\): no GCP region: pass 'region' or set it with 'pulumi config set gcp:region <region>'/,
        );
    });

    it("rejects limits Cloud Functions does not allow, with the event-function timeout for event triggers", async () => {
        await assert.rejects(deploy({ ...ARGS, timeoutSeconds: 3601 }), /timeoutSeconds must be an integer from 1 to 3600, got 3601/);
        await assert.rejects(
            deploy({ ...ARGS, timeoutSeconds: 600, eventTrigger: { eventType: "google.cloud.pubsub.topic.v1.messagePublished" } }),
            /timeoutSeconds must be an integer from 1 to 540, got 600/,
        );
        await assert.rejects(deploy({ ...ARGS, memoryMb: 64 }), /memoryMb must be an integer from 128 to 32768, got 64/);
    });
});
