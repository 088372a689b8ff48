/** The Ambassador on Azure, GCP and Kubernetes (Pulumi mocks): children, sidecar wiring, identity, limits, outputs. */
import { strict as assert } from "node:assert";
import * as k8s from "@pulumi/kubernetes";
import { Ambassador, AmbassadorIngress } from "../../components/ambassador";
import { ENVOY_IMAGE } from "../../components/ambassador/sidecar";
import { AmbassadorTarget } from "../../components/cloud";
import { evaluate } from "../../plan/mock-cloud";
import { inventory, only } from "../support/resources";
import { ARGS, deploy, Deployed, EXPECTED_TAGS, refusal, STACK_CONFIG } from "./deploy";
import { schemaErrors } from "./envoy-schema";

const BOOTSTRAP = "envoy.config.bootstrap.v3.Bootstrap";
const internal = { ingress: AmbassadorIngress.Internal };
const KEY_VAULT_SECRET =
    "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/security/providers/Microsoft.KeyVault/vaults/acme-kv/secrets/payments-client";
const GCP_SECRET = "projects/acme-security/secrets/payments-client";

describe("Ambassador on Azure (Pulumi mocks)", () => {
    let d: Deployed;
    before(async () => {
        d = await deploy("azure", { ingress: AmbassadorIngress.External });
    });
    const app = () => only(d.resources, "azure-native:app:ContainerApp").inputs;

    it("creates exactly a resource group, a Log Analytics workspace, a Container Apps environment and the app", () => {
        assert.deepEqual(inventory(d.resources), [
            "azure-native:app:ContainerApp orders-app",
            "azure-native:app:ManagedEnvironment orders-environment",
            "azure-native:operationalinsights:Workspace orders-logs",
            "azure-native:resources:ResourceGroup orders-rg",
        ]);
        assert.equal(d.component.cloud, AmbassadorTarget.Azure);
    });

    it("sends the environment's logs to the workspace, which keeps them for the retention; the shared key stays a secret", () => {
        const env = only(d.resources, "azure-native:app:ManagedEnvironment").inputs;
        // The mock monitor keeps a secret input wrapped: the whole block is secret because the key is.
        const logs = env.appLogsConfiguration.value;
        assert.ok(env.appLogsConfiguration["4dabf18193072939515e22adb298388d"], "marked secret");
        assert.equal(logs.destination, "log-analytics");
        assert.deepEqual(logs.logAnalyticsConfiguration, { customerId: "orders-logs-customer-id", sharedKey: "mock-shared-key" });
        assert.equal(only(d.resources, "azure-native:operationalinsights:Workspace").inputs.retentionInDays, 30);
        assert.match(app().environmentId, /ManagedEnvironment\/orders-environment$/);
    });

    it("runs Envoy as a second container with the bootstrap on its command line and probes on /ready; Dapr on for the app", () => {
        const [main, envoy] = app().template.containers;
        assert.equal(envoy.name, "envoy");
        assert.equal(envoy.image, ENVOY_IMAGE);
        assert.deepEqual(envoy.args.slice(0, 2), ["--config-yaml", d.sidecarConfig]);
        assert.deepEqual(schemaErrors(BOOTSTRAP, JSON.parse(envoy.args[1])), []);
        assert.deepEqual(
            envoy.probes.map((p: { type: string; httpGet: object }) => [p.type, p.httpGet]),
            [
                ["Startup", { port: 9902, path: "/ready" }],
                ["Readiness", { port: 9902, path: "/ready" }],
            ],
        );
        assert.deepEqual(envoy.resources, { cpu: 0.25, memory: "0.5Gi" });
        assert.deepEqual(main.resources, { cpu: 0.25, memory: "0.5Gi" }, "Consumption: 2 GiB per vCPU");
        assert.deepEqual(app().configuration.dapr, { enabled: true, appId: app().containerAppName, appPort: 8080, appProtocol: "http" });
        assert.deepEqual(app().configuration.ingress, { external: true, targetPort: 8080, transport: "auto", allowInsecure: false });
        assert.deepEqual(app().template.scale, { minReplicas: 1, maxReplicas: 3 });
    });

    it("names the app by Container Apps' rule and outputs its HTTPS URL and name", () => {
        assert.match(app().containerAppName, /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/);
        assert.equal(d.serviceName, app().containerAppName);
        assert.equal(d.url, `https://${app().containerAppName}.mock-env.westeurope.azurecontainerapps.io`);
        assert.deepEqual(app().tags, EXPECTED_TAGS);
    });
});

describe("Ambassador on Azure with a client certificate from Key Vault (Pulumi mocks)", () => {
    let d: Deployed;
    before(async () => {
        d = await deploy("azure", {
            upstreams: [{ name: "payments", url: "https://api.payments.example.com", tls: { clientCertificateSecret: KEY_VAULT_SECRET } }],
        });
    });
    const app = () => only(d.resources, "azure-native:app:ContainerApp");

    it("adds exactly a user-assigned identity and one role assignment", () => {
        assert.deepEqual(
            inventory(d.resources).filter((r) => /managedidentity|authorization/.test(r)),
            [
                "azure-native:authorization:RoleAssignment orders-secret-reader-0",
                "azure-native:managedidentity:UserAssignedIdentity orders-identity",
            ],
        );
    });

    it("lets that identity read the one secret: Key Vault Secrets User scoped to the secret, not the vault", () => {
        const assignment = only(d.resources, "azure-native:authorization:RoleAssignment").inputs;
        assert.equal(assignment.scope, KEY_VAULT_SECRET);
        assert.equal(assignment.principalId, "orders-identity-principal");
        assert.equal(assignment.principalType, "ServicePrincipal");
        assert.match(assignment.roleDefinitionId, /\/roleDefinitions\/4633458b-17de-408a-b874-0445c86b69e6$/);
        assert.ok(
            app().waitsFor?.includes(only(d.resources, "azure-native:authorization:RoleAssignment").urn),
            "the app waits for the role",
        );
    });

    it("references the secret from Key Vault as that identity and mounts it into the sidecar alone, where the bootstrap reads it", () => {
        const identityId = only(d.resources, "azure-native:managedidentity:UserAssignedIdentity").urn.split("::").pop();
        const { configuration, identity, template } = app().inputs;
        assert.deepEqual(configuration.secrets, [
            {
                name: "secret-file-0",
                keyVaultUrl: "https://acme-kv.vault.azure.net/secrets/payments-client",
                identity: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/mock-rg/providers/Microsoft.managedidentity/UserAssignedIdentity/${identityId}`,
            },
        ]);
        assert.deepEqual(identity, { type: "UserAssigned", userAssignedIdentities: [configuration.secrets[0].identity] });
        assert.deepEqual(template.volumes, [
            { name: "secret-file-0", storageType: "Secret", secrets: [{ secretRef: "secret-file-0", path: "client.pem" }] },
        ]);
        const [main, envoy] = template.containers;
        assert.deepEqual(envoy.volumeMounts, [{ volumeName: "secret-file-0", mountPath: "/etc/ambassador/client-certificates/payments" }]);
        assert.equal(main.volumeMounts, undefined, "the app never sees the key");
        const bootstrap = JSON.parse(d.sidecarConfig);
        assert.deepEqual(schemaErrors(BOOTSTRAP, bootstrap), []);
        assert.deepEqual(bootstrap.static_resources.clusters[0].transport_socket.typed_config.common_tls_context.tls_certificates, [
            {
                certificate_chain: { filename: "/etc/ambassador/client-certificates/payments/client.pem" },
                private_key: { filename: "/etc/ambassador/client-certificates/payments/client.pem" },
            },
        ]);
    });

    it("makes no identity and no secret without a client certificate", async () => {
        const plain = await deploy("azure");
        assert.equal(plain.resources.filter((r) => /managedidentity|authorization/.test(r.type)).length, 0);
        const { configuration, identity, template } = only(plain.resources, "azure-native:app:ContainerApp").inputs;
        assert.deepEqual([configuration.secrets, identity, template.volumes], [undefined, undefined, undefined]);
    });
});

describe("Ambassador on GCP with a client certificate from Secret Manager (Pulumi mocks)", () => {
    let d: Deployed;
    before(async () => {
        d = await deploy("gcp", {
            upstreams: [{ name: "payments", url: "https://api.payments.example.com", tls: { clientCertificateSecret: GCP_SECRET } }],
        });
    });

    it("grants the service's own account secretAccessor on that secret only, before the service", () => {
        const grant = only(d.resources, "gcp:secretmanager/secretIamMember:SecretIamMember");
        const account = only(d.resources, "gcp:serviceaccount/account:Account").inputs.accountId;
        assert.deepEqual(grant.inputs, {
            secretId: GCP_SECRET,
            role: "roles/secretmanager.secretAccessor",
            member: `serviceAccount:${account}@mock-project.iam.gserviceaccount.com`,
        });
        assert.equal(inventory(d.resources).filter((r) => /IAM|Iam/.test(r)).length, 1, "no other grant");
        assert.ok(only(d.resources, "gcp:cloudrunv2/service:Service").waitsFor?.includes(grant.urn));
    });

    it("mounts the secret as a volume into the sidecar alone, at the path the bootstrap reads", () => {
        const { template } = only(d.resources, "gcp:cloudrunv2/service:Service").inputs;
        assert.deepEqual(template.volumes, [
            { name: "envoy-secret-0", secret: { secret: GCP_SECRET, items: [{ version: "latest", path: "client.pem" }] } },
        ]);
        const [main, envoy] = template.containers;
        assert.deepEqual(envoy.volumeMounts, [{ name: "envoy-secret-0", mountPath: "/etc/ambassador/client-certificates/payments" }]);
        assert.equal(main.volumeMounts, undefined, "the app never sees the key");
        const bootstrap = JSON.parse(d.sidecarConfig);
        assert.deepEqual(schemaErrors(BOOTSTRAP, bootstrap), []);
        const [certificate] = bootstrap.static_resources.clusters[0].transport_socket.typed_config.common_tls_context.tls_certificates;
        assert.deepEqual(certificate, {
            certificate_chain: { filename: "/etc/ambassador/client-certificates/payments/client.pem" },
            private_key: { filename: "/etc/ambassador/client-certificates/payments/client.pem" },
        });
    });

    it("grants nothing and mounts nothing without a client certificate", async () => {
        const plain = await deploy("gcp");
        assert.equal(plain.resources.filter((r) => r.type === "gcp:secretmanager/secretIamMember:SecretIamMember").length, 0);
        assert.equal(only(plain.resources, "gcp:cloudrunv2/service:Service").inputs.template.volumes, undefined);
    });
});

describe("Ambassador on GCP (Pulumi mocks)", () => {
    let d: Deployed;
    before(async () => {
        d = await deploy("gcp", internal);
    });
    const service = () => only(d.resources, "gcp:cloudrunv2/service:Service").inputs;

    it("creates exactly a Cloud Run service, its own service account and the APIs they need", () => {
        assert.deepEqual(inventory(d.resources), [
            "gcp:cloudrunv2/service:Service orders-service",
            "gcp:projects/service:Service orders-enable-iam",
            "gcp:projects/service:Service orders-enable-run",
            "gcp:serviceaccount/account:Account orders-identity",
        ]);
        assert.equal(
            service().template.serviceAccount,
            `${only(d.resources, "gcp:serviceaccount/account:Account").inputs.accountId}@mock-project.iam.gserviceaccount.com`,
        );
    });

    it("runs the app as ingress container depending on the Envoy sidecar, which has a startup probe and no port", () => {
        const [main, envoy] = service().template.containers;
        assert.deepEqual(main.ports, { containerPort: 8080 });
        assert.deepEqual(main.dependsOns, ["envoy"]);
        assert.equal(envoy.ports, undefined, "only the ingress container has a port");
        assert.deepEqual(envoy.startupProbe.tcpSocket, { port: 9902 });
        assert.equal(envoy.image, ENVOY_IMAGE);
        assert.deepEqual(envoy.args.slice(0, 2), ["--config-yaml", d.sidecarConfig]);
        assert.deepEqual(schemaErrors(BOOTSTRAP, JSON.parse(envoy.args[1])), []);
        assert.deepEqual(
            [main.resources.limits, envoy.resources.limits],
            [
                { cpu: "0.75", memory: "512Mi" },
                { cpu: "0.25", memory: "256Mi" },
            ],
            "one whole vCPU per instance",
        );
        assert.equal(service().ingress, "INGRESS_TRAFFIC_INTERNAL_ONLY");
        assert.deepEqual(service().template.scaling, { minInstanceCount: 1, maxInstanceCount: 3 });
    });

    it("sizes an instance by Cloud Run's CPU table: 1, 2, 4, 6 or 8 vCPU, up to 4 GiB each (services/cpu, read 2026-12-01)", async () => {
        const app = ARGS.app;
        const cases: [object, RegExp][] = [
            // 1.25 + 0.25: above 1, Cloud Run takes whole vCPUs only
            [
                { ...app, cpu: 1.25 },
                /the containers' total cpu must be one of 1, 2, 4, 6, 8 \(vCPU per instance; fractional totals need concurrency 1\), got 1\.5/,
            ],
            // 2.75 + 0.25 = 3: not in the table
            [{ ...app, cpu: 2.75 }, /total cpu must be one of 1, 2, 4, 6, 8 .*got 3$/],
            // 4096 + 256 MB at 1 vCPU: over 4 GiB
            [
                { ...app, memoryMb: 4096 },
                /the containers' total memoryMb must be an integer from 128 to 4096 \(Cloud Run's range at 1 vCPU\), got 4352/,
            ],
        ];
        for (const [given, message] of cases) assert.match((await refusal("gcp", { ...ARGS, app: given })).message, message);
        const two = await deploy("gcp", { app: { ...app, cpu: 1.75, memoryMb: 7936 } });
        assert.deepEqual(only(two.resources, "gcp:cloudrunv2/service:Service").inputs.template.containers[0].resources.limits, {
            cpu: "1.75",
            memory: "7936Mi",
        });
    });

    it("names the service and the account by Cloud Run's and IAM's rules, labels it, outputs its URI and name", () => {
        assert.match(service().name, /^[a-z][a-z0-9-]{0,47}[a-z0-9]$/);
        assert.match(only(d.resources, "gcp:serviceaccount/account:Account").inputs.accountId, /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/);
        assert.deepEqual(service().labels, EXPECTED_TAGS);
        assert.equal(d.url, `https://${service().name}-mock.a.run.app`);
        assert.equal(d.serviceName, service().name);
    });
});

describe("Ambassador on Kubernetes (Pulumi mocks)", () => {
    let d: Deployed;
    before(async () => {
        d = await deploy("kubernetes", { ...internal, kubernetes: { namespace: "shop" } });
    });
    const pod = () => only(d.resources, "kubernetes:apps/v1:Deployment").inputs.spec.template.spec;

    it("creates exactly a Deployment, the bootstrap's ConfigMap, a Service, a PodDisruptionBudget and an autoscaler", () => {
        assert.deepEqual(inventory(d.resources), [
            "kubernetes:apps/v1:Deployment orders-deployment",
            "kubernetes:autoscaling/v2:HorizontalPodAutoscaler orders-autoscaler",
            "kubernetes:core/v1:ConfigMap orders-config",
            "kubernetes:core/v1:Service orders-service",
            "kubernetes:policy/v1:PodDisruptionBudget orders-pdb",
        ]);
        assert.equal(d.component.cloud, AmbassadorTarget.Kubernetes);
        for (const r of d.resources.filter((x) => x.custom)) assert.equal(r.inputs.metadata.namespace, "shop", r.type);
    });

    it("runs Envoy as a native sidecar (init container, restartPolicy Always) reading the bootstrap from the ConfigMap", () => {
        const [envoy] = pod().initContainers;
        assert.equal(envoy.name, "envoy");
        assert.equal(envoy.restartPolicy, "Always");
        assert.deepEqual(envoy.args.slice(0, 2), ["-c", "/etc/envoy/envoy.json"]);
        assert.deepEqual(envoy.volumeMounts, [{ name: "config", mountPath: "/etc/envoy", readOnly: true }]);
        assert.deepEqual(pod().volumes, [{ name: "config", configMap: { name: "orders-config" } }]);
        const data = only(d.resources, "kubernetes:core/v1:ConfigMap").inputs.data;
        assert.equal(data["envoy.json"], d.sidecarConfig);
        assert.deepEqual(schemaErrors(BOOTSTRAP, JSON.parse(data["envoy.json"])), []);
        assert.deepEqual(envoy.startupProbe, { httpGet: { path: "/ready", port: 9902 }, periodSeconds: 1, failureThreshold: 30 });
        const [app] = pod().containers;
        assert.equal(app.name, "app");
        assert.deepEqual(app.ports, [{ name: "http", containerPort: 8080 }]);
    });

    it("runs every container non-root with requests equal to limits", () => {
        assert.deepEqual(pod().securityContext, { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
        assert.equal(pod().automountServiceAccountToken, false);
        for (const c of [...pod().initContainers, ...pod().containers]) {
            assert.equal(c.securityContext.runAsNonRoot, true, c.name);
            assert.equal(c.securityContext.allowPrivilegeEscalation, false, c.name);
            assert.equal(c.securityContext.readOnlyRootFilesystem, true, c.name);
            assert.deepEqual(c.securityContext.capabilities, { drop: ["ALL"] }, c.name);
            assert.deepEqual(c.resources.requests, c.resources.limits, c.name);
        }
        assert.equal(pod().initContainers[0].securityContext.runAsUser, 101);
        assert.deepEqual(pod().containers[0].resources.limits, { cpu: "250m", memory: "512Mi" });
        assert.deepEqual(pod().initContainers[0].resources.limits, { cpu: "250m", memory: "256Mi" });
    });

    it("selects the pods from the Service, the budget and the autoscaler; outputs the in-cluster URL and the Deployment's name", () => {
        const selector = only(d.resources, "kubernetes:apps/v1:Deployment").inputs.spec.selector.matchLabels;
        const svc = only(d.resources, "kubernetes:core/v1:Service").inputs;
        assert.deepEqual(svc.spec.selector, selector);
        assert.equal(svc.spec.type, "ClusterIP");
        assert.deepEqual(only(d.resources, "kubernetes:policy/v1:PodDisruptionBudget").inputs.spec, {
            maxUnavailable: 1,
            selector: { matchLabels: selector },
        });
        const hpa = only(d.resources, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler").inputs.spec;
        assert.deepEqual([hpa.minReplicas, hpa.maxReplicas, hpa.scaleTargetRef.name], [1, 3, "orders"]);
        assert.equal(d.url, "http://orders.shop.svc.cluster.local:8080");
        assert.equal(d.serviceName, "orders");
        assert.deepEqual(only(d.resources, "kubernetes:apps/v1:Deployment").inputs.metadata.labels, { ...EXPECTED_TAGS, ...selector });
    });

    it("deploys every child through the kubernetes provider given in the resource options (any cluster)", async () => {
        const { resources } = await evaluate(
            () => {
                const cluster = new k8s.Provider("cluster", { kubeconfig: "{}" });
                return new Ambassador("orders", { ...ARGS, ...internal }, { providers: { kubernetes: cluster } });
            },
            { config: STACK_CONFIG.kubernetes },
        );
        const children = resources.filter((r) => r.custom && r.type.startsWith("kubernetes:") && r.type !== "pulumi:providers:kubernetes");
        assert.equal(children.length, 5);
        for (const r of children) assert.match(r.provider ?? "", /pulumi:providers:kubernetes::cluster::/, r.type);
    });

    it("reads a client certificate from a kubernetes.io/tls Secret into the sidecar only", async () => {
        const withCert = await deploy("kubernetes", {
            upstreams: [{ name: "payments", url: "https://api.payments.example.com", tls: { clientCertificateSecret: "payments-client" } }],
        });
        const spec = only(withCert.resources, "kubernetes:apps/v1:Deployment").inputs.spec.template.spec;
        assert.deepEqual(spec.initContainers[0].env, [
            { name: "AMBASSADOR_PAYMENTS_CLIENT_CERT", valueFrom: { secretKeyRef: { name: "payments-client", key: "tls.crt" } } },
            { name: "AMBASSADOR_PAYMENTS_CLIENT_KEY", valueFrom: { secretKeyRef: { name: "payments-client", key: "tls.key" } } },
        ]);
        assert.ok(
            spec.containers[0].env.every((e: { valueFrom?: unknown }) => e.valueFrom === undefined),
            "the app never sees the key",
        );
    });
});
