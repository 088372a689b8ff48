import { strict as assert } from "node:assert";
import { createAwsFunction } from "../../components/platform/function-aws";
import { createAzureFunctionApp } from "../../components/platform/function-azure";
import { createGcpFunction, GcpFunctionVpc } from "../../components/platform/function-gcp";
import { evaluate } from "../../plan/mock-cloud";
import { only } from "../support/resources";
import { childrenOf, functionArgs, Host } from "./fixture";

const LAMBDA = "aws:lambda/function:Function";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const VPC = { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-fn"] };

describe("function network settings", () => {
    describe("AWS: vpc", () => {
        it("places the Lambda in the subnets and groups given, and adds AWSLambdaVPCAccessExecutionRole on its own role", async () => {
            const { resources } = await evaluate(() =>
                createAwsFunction("gw-fn", { ...functionArgs(), vpc: VPC }, { parent: new Host("gw") }),
            );
            assert.deepEqual(childrenOf(resources, "gw-fn-"), [
                "aws:cloudwatch/logGroup:LogGroup gw-fn-logs",
                "aws:iam/role:Role gw-fn-role",
                `${ATTACHMENT} gw-fn-basic-execution`,
                `${ATTACHMENT} gw-fn-vpc-access`,
                `${LAMBDA} gw-fn-function`,
            ]);
            assert.deepEqual(only(resources, LAMBDA).inputs.vpcConfig, VPC);
            const access = only(resources, ATTACHMENT, "gw-fn-vpc-access").inputs;
            assert.equal(access.policyArn, "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");
            assert.equal(access.role, only(resources, "aws:iam/role:Role").inputs.name);
        });

        it("without vpc: no VPC configuration and no VPC policy (the default is unchanged)", async () => {
            const { resources, result } = await evaluate(() => createAwsFunction("gw-fn", functionArgs(), { parent: new Host("gw") }));
            assert.equal(only(resources, LAMBDA).inputs.vpcConfig, undefined);
            assert.deepEqual(
                resources.filter((r) => r.type === ATTACHMENT).map((r) => r.name),
                ["gw-fn-basic-execution"],
            );
            assert.equal(result.vpcAccess, undefined);
        });

        it("refuses an empty or oversized VPC configuration", async () => {
            const cases: [typeof VPC, RegExp][] = [
                [{ subnetIds: [], securityGroupIds: ["sg"] }, /gw-fn \(AWS Lambda\): vpc.subnetIds must list 1 to 16 ids, got \[\]/],
                [{ subnetIds: ["s"], securityGroupIds: ["a", "b", "c", "d", "e", "f"] }, /vpc.securityGroupIds must list 1 to 5 ids/],
            ];
            for (const [vpc, message] of cases) {
                await assert.rejects(
                    evaluate(() => createAwsFunction("gw-fn", { ...functionArgs(), vpc }, {})),
                    message,
                );
            }
        });
    });

    describe("Azure: virtualNetworkSubnetId", () => {
        const subnet = "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/functions";
        const app = async (extra: { virtualNetworkSubnetId?: string }) => {
            const { resources } = await evaluate(() =>
                createAzureFunctionApp(
                    "gw-fn",
                    { ...functionArgs(), resourceGroupName: "rg", location: "westeurope", ...extra },
                    { parent: new Host("gw") },
                ),
            );
            return { resources, app: only(resources, "azure-native:web:WebApp").inputs };
        };

        it("integrates the Flex app into the subnet, adding no child", async () => {
            const networked = await app({ virtualNetworkSubnetId: subnet });
            assert.equal(networked.app.virtualNetworkSubnetId, subnet);
            const plain = await app({});
            assert.equal(plain.app.virtualNetworkSubnetId, undefined, "the default is unchanged");
            assert.deepEqual(childrenOf(networked.resources, "gw-fn-"), childrenOf(plain.resources, "gw-fn-"));
        });
    });

    describe("GCP: vpc (Direct VPC egress)", () => {
        const fn = async (vpc?: GcpFunctionVpc) => {
            const { resources } = await evaluate(() =>
                createGcpFunction("gw-fn", { ...functionArgs(), region: "europe-west1", vpc }, { parent: new Host("gw") }),
            );
            return only(resources, "gcp:cloudfunctionsv2/function:Function").inputs.serviceConfig;
        };

        it("sends private ranges through the network's subnet by default, or all traffic when asked", async () => {
            const network = "projects/p/global/networks/db";
            const config = await fn({ network, subnetwork: "functions" });
            assert.deepEqual(config.directVpcNetworkInterfaces, [{ network, subnetwork: "functions" }]);
            assert.equal(config.directVpcEgress, "VPC_EGRESS_PRIVATE_RANGES_ONLY");
            assert.equal(config.vpcConnector, undefined, "no connector to pay for");
            assert.equal((await fn({ network, egress: "ALL_TRAFFIC" })).directVpcEgress, "VPC_EGRESS_ALL_TRAFFIC");
        });

        it("without vpc: no network interface and no egress setting (the default is unchanged)", async () => {
            const config = await fn();
            assert.equal("directVpcNetworkInterfaces" in config, false);
            assert.equal("directVpcEgress" in config, false);
        });

        it("refuses an unknown egress, naming the allowed ones", async () => {
            await assert.rejects(
                fn({ network: "n", egress: "EVERYTHING" as never }),
                /gw-fn \(Cloud Functions\): vpc needs a network and an egress of PRIVATE_RANGES_ONLY or ALL_TRAFFIC/,
            );
        });
    });
});
