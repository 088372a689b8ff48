import { strict as assert } from "node:assert";
import { createServer } from "node:http";
import { AddressInfo } from "node:net";
import { Cloud } from "../../components/cloud";
import { EventSourcing, EventSourcingArgs } from "../../components/event-sourcing";
import { readAwsSecret } from "../../handlers/secrets/aws";
import { evaluate, RecordedResource } from "../../plan/mock-cloud";
import { only } from "../support/resources";

/** How the command function reaches its PostgreSQL on each cloud (Pulumi mocks). */
const CONFIG: Record<Cloud, Record<string, string>> = {
    aws: { "cloud-patterns:cloud": "aws", "aws:region": "us-east-1" },
    azure: { "cloud-patterns:cloud": "azure", "azure-native:location": "westeurope" },
    gcp: { "cloud-patterns:cloud": "gcp", "gcp:region": "us-central1", "gcp:project": "mock-project" },
};

async function deploy(cloud: Cloud, args: EventSourcingArgs = {}): Promise<RecordedResource[]> {
    return (await evaluate(() => new EventSourcing("es", args), { config: CONFIG[cloud] })).resources;
}

const AWS_POSTGRES = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] };
const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const VPC_ACCESS = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole";
/** The mocks answer a security group's id as `<name>-id`. */
const groupId = (name: string) => `${name}-id`;
const rule = (r: RecordedResource) => {
    const { securityGroupId, referencedSecurityGroupId, cidrIpv4, ipProtocol, fromPort, toPort } = r.inputs;
    return { securityGroupId, referencedSecurityGroupId, cidrIpv4, ipProtocol, fromPort, toPort };
};
const attachments = (resources: RecordedResource[]) =>
    resources.filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((r) => r.inputs.policyArn as string);

describe("EventSourcing store 'postgres': the command function's network (mocks)", function () {
    this.timeout(120_000);

    describe("AWS", () => {
        it("runs the Lambda in the database subnets, in a group of its own that the cluster's group admits on 5432, and nothing else", async () => {
            const resources = await deploy(Cloud.Aws, { store: "postgres", publish: false, aws: { postgres: AWS_POSTGRES } });
            const fn = only(resources, "aws:lambda/function:Function", "es-command-function").inputs;
            assert.deepEqual(fn.vpcConfig, { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: [groupId("es-command-network")] });
            assert.ok(attachments(resources).includes(VPC_ACCESS), "Lambda may manage the function's network interfaces");

            for (const group of ["es-db-access", "es-command-network", "es-secrets-endpoint"]) {
                const inputs = only(resources, SECURITY_GROUP, group).inputs;
                assert.equal(inputs.vpcId, "vpc-1");
                // Inline rules would fight the standalone ones; no inline egress means no allow-all egress.
                assert.deepEqual([inputs.ingress, inputs.egress], [undefined, undefined], group);
            }
            assert.deepEqual(rule(only(resources, INGRESS, "es-db-from-command")), {
                securityGroupId: groupId("es-db-access"),
                referencedSecurityGroupId: groupId("es-command-network"),
                cidrIpv4: undefined,
                ipProtocol: "tcp",
                fromPort: 5432,
                toPort: 5432,
            });
            assert.deepEqual(rule(only(resources, EGRESS, "es-command-to-db")), {
                securityGroupId: groupId("es-command-network"),
                referencedSecurityGroupId: groupId("es-db-access"),
                cidrIpv4: undefined,
                ipProtocol: "tcp",
                fromPort: 5432,
                toPort: 5432,
            });
            assert.deepEqual(
                resources
                    .filter((r) => r.type === INGRESS || r.type === EGRESS)
                    .map((r) => r.name)
                    .sort(),
                ["es-command-to-db", "es-command-to-secrets", "es-db-from-command", "es-secrets-from-command"],
            );
        });

        it("reads the password through a Secrets Manager endpoint of its own: private DNS off, HTTPS from the function only, this secret only", async () => {
            const resources = await deploy(Cloud.Aws, { store: "postgres", publish: false, aws: { postgres: AWS_POSTGRES } });
            const endpoint = only(resources, "aws:ec2/vpcEndpoint:VpcEndpoint", "es-secrets").inputs;
            assert.deepEqual(
                [
                    endpoint.vpcId,
                    endpoint.serviceName,
                    endpoint.vpcEndpointType,
                    endpoint.privateDnsEnabled,
                    endpoint.subnetIds,
                    endpoint.securityGroupIds,
                ],
                [
                    "vpc-1",
                    "com.amazonaws.us-east-1.secretsmanager",
                    "Interface",
                    false,
                    ["subnet-a", "subnet-b"],
                    [groupId("es-secrets-endpoint")],
                ],
            );
            const secretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-es-db";
            assert.deepEqual(JSON.parse(endpoint.policy), {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: "*", Action: ["secretsmanager:GetSecretValue"], Resource: [secretArn] }],
            });
            assert.deepEqual(rule(only(resources, INGRESS, "es-secrets-from-command")), {
                securityGroupId: groupId("es-secrets-endpoint"),
                referencedSecurityGroupId: groupId("es-command-network"),
                cidrIpv4: undefined,
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
            });
            assert.equal(only(resources, EGRESS, "es-command-to-secrets").inputs.referencedSecurityGroupId, groupId("es-secrets-endpoint"));
            // The SDK's service-specific endpoint variable sends GetSecretValue to that endpoint.
            const variables = only(resources, "aws:lambda/function:Function", "es-command-function").inputs.environment.variables;
            assert.equal(
                variables.AWS_ENDPOINT_URL_SECRETS_MANAGER,
                "https://vpce-mock-es-secrets.secretsmanager.us-east-1.vpce.amazonaws.com",
            );
            // Aurora's certificate chains to the Amazon RDS CA, which Lambda's Node.js trusts only through this bundle.
            assert.equal(variables.NODE_EXTRA_CA_CERTS, "/var/runtime/ca-cert.pem");
        });

        it("with secretsManagerEndpoint: false, makes no endpoint and lets the function send HTTPS out (to the VPC's NAT or endpoint)", async () => {
            const resources = await deploy(Cloud.Aws, {
                store: "postgres",
                publish: false,
                aws: { postgres: { ...AWS_POSTGRES, secretsManagerEndpoint: false } },
            });
            assert.equal(
                resources.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" || r.name.startsWith("es-secrets")).length,
                0,
            );
            assert.deepEqual(rule(only(resources, EGRESS, "es-command-to-secrets")), {
                securityGroupId: groupId("es-command-network"),
                referencedSecurityGroupId: undefined,
                cidrIpv4: "0.0.0.0/0",
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
            });
            const variables = only(resources, "aws:lambda/function:Function", "es-command-function").inputs.environment.variables;
            assert.equal("AWS_ENDPOINT_URL_SECRETS_MANAGER" in variables, false);
            assert.ok(only(resources, "aws:lambda/function:Function", "es-command-function").inputs.vpcConfig);
        });

        it("store 'native' stays out of any VPC: no VPC configuration, policy, security group or endpoint", async () => {
            const resources = await deploy(Cloud.Aws);
            assert.equal(only(resources, "aws:lambda/function:Function", "es-command-function").inputs.vpcConfig, undefined);
            assert.equal(attachments(resources).includes(VPC_ACCESS), false);
            assert.equal(resources.filter((r) => /^aws:(ec2|vpc)\//.test(r.type)).length, 0);
        });

        it("the function's Secrets Manager reader sends GetSecretValue to AWS_ENDPOINT_URL_SECRETS_MANAGER (a local server stands in for the endpoint)", async () => {
            const requests: { target?: string; body: string }[] = [];
            const server = createServer((req, res) => {
                let body = "";
                req.on("data", (chunk) => (body += chunk));
                req.on("end", () => {
                    requests.push({ target: req.headers["x-amz-target"] as string | undefined, body });
                    res.setHeader("content-type", "application/x-amz-json-1.1");
                    res.end(JSON.stringify({ ARN: "arn:x", Name: "db", SecretString: '{"password":"p"}' }));
                });
            });
            await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
            const saved = { ...process.env };
            try {
                Object.assign(process.env, {
                    AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
                    AWS_REGION: "us-east-1",
                    AWS_ACCESS_KEY_ID: "test",
                    AWS_SECRET_ACCESS_KEY: "test",
                });
                assert.equal(
                    await readAwsSecret("arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-es-db"),
                    '{"password":"p"}',
                );
            } finally {
                process.env = saved;
                server.close();
            }
            assert.deepEqual(
                requests.map((r) => [r.target, JSON.parse(r.body).SecretId]),
                [["secretsmanager.GetSecretValue", "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-es-db"]],
            );
        });

        it("refuses a secretsManagerEndpoint that is not a boolean, before any resource", async () => {
            await assert.rejects(
                deploy(Cloud.Aws, {
                    store: "postgres",
                    publish: false,
                    aws: { postgres: { ...AWS_POSTGRES, secretsManagerEndpoint: "yes" as never } },
                }),
                /EventSourcing 'es': aws.postgres.secretsManagerEndpoint must be true or false, got "yes"/,
            );
        });
    });

    describe("Azure", () => {
        const network = "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets";
        it("integrates the command app into azure.postgres.functionSubnetId; the native store's app stays outside any VNet", async () => {
            const resources = await deploy(Cloud.Azure, {
                store: "postgres",
                publish: false,
                azure: {
                    postgres: {
                        delegatedSubnetId: `${network}/db`,
                        privateDnsZoneId: "/zones/x.postgres.database.azure.com",
                        functionSubnetId: `${network}/functions`,
                    },
                },
            });
            assert.equal(
                only(resources, "azure-native:web:WebApp", "es-command-app").inputs.virtualNetworkSubnetId,
                `${network}/functions`,
            );
            // VNet-injected servers have no firewall rules: the VNet's routing and NSGs decide.
            assert.equal(resources.filter((r) => /FirewallRule/.test(r.type)).length, 0);
            const native = await deploy(Cloud.Azure);
            for (const app of native.filter((r) => r.type === "azure-native:web:WebApp"))
                assert.equal(app.inputs.virtualNetworkSubnetId, undefined, app.name);
        });
    });

    describe("GCP", () => {
        it("sends the command function's private traffic into gcp.postgres.network by Direct VPC egress; the native store's stays out", async () => {
            const network = "projects/mock-project/global/networks/db";
            const resources = await deploy(Cloud.Gcp, {
                store: "postgres",
                publish: false,
                gcp: { postgres: { network, functionSubnetwork: "functions" } },
            });
            const config = only(resources, "gcp:cloudfunctionsv2/function:Function", "es-command-function").inputs.serviceConfig;
            assert.deepEqual(config.directVpcNetworkInterfaces, [{ network, subnetwork: "functions" }]);
            assert.equal(config.directVpcEgress, "VPC_EGRESS_PRIVATE_RANGES_ONLY");
            assert.equal(
                only(resources, "gcp:sql/databaseInstance:DatabaseInstance").inputs.settings.ipConfiguration.privateNetwork,
                network,
            );
            // The function verifies Cloud SQL's certificate against the instance's own CA.
            const store = JSON.parse(config.environmentVariables.CLOUD_PATTERNS_CONFIG).store;
            assert.match(store.serverCa, /BEGIN CERTIFICATE[\s\S]*mock CA of /);
            const native = await deploy(Cloud.Gcp);
            const nativeConfig = only(native, "gcp:cloudfunctionsv2/function:Function", "es-command-function").inputs.serviceConfig;
            assert.equal("directVpcNetworkInterfaces" in nativeConfig, false);
        });
    });
});
