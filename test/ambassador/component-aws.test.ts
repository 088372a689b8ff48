import { strict as assert } from "node:assert";
import { AmbassadorIngress } from "../../components/ambassador";
import { AmbassadorTarget } from "../../components/cloud";
import { ENVOY_IMAGE } from "../../components/ambassador/sidecar";
import { ALB_TLS_POLICY } from "../../components/platform/load-balancer-aws";
import { inventory, ofType, only } from "../support/resources";
import { deploy, Deployed, EXPECTED_TAGS } from "./deploy";
import { schemaErrors } from "./envoy-schema";

const SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:payments-client-AbCdEf";

describe("Ambassador on AWS (Pulumi mocks)", () => {
    let d: Deployed;
    before(async () => {
        d = await deploy("aws");
    });
    const task = () => only(d.resources, "aws:ecs/taskDefinition:TaskDefinition");
    const containers = () => JSON.parse(task().inputs.containerDefinitions);
    const logGroup = () => only(d.resources, "aws:cloudwatch/logGroup:LogGroup");

    it("creates exactly a Fargate service, its cluster, task, roles, security group, log group and CPU scaling", () => {
        assert.deepEqual(inventory(d.resources), [
            "aws:appautoscaling/policy:Policy orders-cpu-scaling",
            "aws:appautoscaling/target:Target orders-scaling",
            "aws:cloudwatch/logGroup:LogGroup orders-logs",
            "aws:ec2/securityGroup:SecurityGroup orders-sg",
            "aws:ecs/cluster:Cluster orders-cluster",
            "aws:ecs/service:Service orders-service",
            "aws:ecs/taskDefinition:TaskDefinition orders-task",
            "aws:iam/role:Role orders-execution-role",
            "aws:iam/role:Role orders-task-role",
            "aws:iam/rolePolicy:RolePolicy orders-execution-policy",
        ]);
        const component = only(d.resources, "cloud-patterns:index:Ambassador");
        assert.ok(d.resources.filter((r) => r.custom).every((r) => r.parent === component.urn));
        assert.equal(d.component.cloud, AmbassadorTarget.Aws);
        assert.ok(d.component.aws && !d.component.kubernetes && !d.component.gcp);
    });

    it("runs one awsvpc Fargate task sized to hold both containers, in the default VPC with a public IP", () => {
        const t = task().inputs;
        assert.equal(t.networkMode, "awsvpc");
        assert.deepEqual(t.requiresCompatibilities, ["FARGATE"]);
        assert.equal(t.cpu, "512", "0.25 + 0.25 vCPU");
        assert.equal(t.memory, "1024", "512 + 256 MB, the smallest size 512 CPU units allow");
        const service = only(d.resources, "aws:ecs/service:Service").inputs;
        assert.equal(service.launchType, "FARGATE");
        assert.equal(service.desiredCount, 1);
        assert.deepEqual(service.networkConfiguration, {
            subnets: ["subnet-0default0000000a", "subnet-0default0000000b"],
            securityGroups: ["orders-sg-id"],
            assignPublicIp: true,
        });
        assert.deepEqual(service.deploymentCircuitBreaker, { enable: true, rollback: true });
        const sg = only(d.resources, "aws:ec2/securityGroup:SecurityGroup").inputs;
        assert.equal(sg.vpcId, "vpc-0default00000000");
        assert.equal(sg.ingress, undefined, "nothing may connect in");
    });

    it("wires the sidecar: Envoy pinned, the bootstrap on its command line, health on /ready, the app waiting for it HEALTHY", () => {
        const [app, envoy] = containers();
        assert.equal(envoy.name, "envoy");
        assert.equal(envoy.image, ENVOY_IMAGE);
        assert.match(ENVOY_IMAGE, /^envoyproxy\/envoy:v\d+\.\d+\.\d+$/);
        assert.equal(envoy.command[0], "--config-yaml");
        assert.equal(envoy.command[1], d.sidecarConfig, "the bootstrap reaches the sidecar unchanged");
        assert.deepEqual(schemaErrors("envoy.config.bootstrap.v3.Bootstrap", JSON.parse(envoy.command[1])), []);
        assert.equal(envoy.user, "101");
        // Exec form through bash: CMD-SHELL's /bin/sh is dash in the image, without /dev/tcp (sidecar-health.test.ts runs it).
        assert.deepEqual(envoy.healthCheck.command.slice(0, 3), ["CMD", "bash", "-c"]);
        assert.match(envoy.healthCheck.command[3], /\/dev\/tcp\/127\.0\.0\.1\/9902/);
        assert.match(envoy.healthCheck.command[3], /GET \/ready HTTP\/1\.1/);
        assert.deepEqual(app.dependsOn, [{ containerName: "envoy", condition: "HEALTHY" }]);
        assert.deepEqual(app.portMappings, [{ containerPort: 8080, protocol: "tcp", name: "app" }]);
        assert.deepEqual(envoy.portMappings, []);
        assert.deepEqual(app.environment, [
            { name: "AMBASSADOR_PAYMENTS_URL", value: "http://localhost:15001" },
            { name: "AMBASSADOR_LEDGER_URL", value: "http://localhost:16000" },
            { name: "LOG_LEVEL", value: "info" },
        ]);
        for (const c of [app, envoy]) {
            assert.equal(c.essential, true);
            assert.equal(c.logConfiguration.logDriver, "awslogs");
            assert.equal(c.logConfiguration.options["awslogs-group"], logGroup().inputs.name);
        }
    });

    it("gives the task role nothing and the execution role only its log group when no secret is named", () => {
        const taskRole = only(d.resources, "aws:iam/role:Role", "orders-task-role");
        assert.equal(JSON.parse(taskRole.inputs.assumeRolePolicy).Statement[0].Principal.Service, "ecs-tasks.amazonaws.com");
        assert.equal(d.resources.filter((r) => r.inputs.role === taskRole.inputs.name).length, 0, "no policy on the task role");
        const policy = JSON.parse(only(d.resources, "aws:iam/rolePolicy:RolePolicy").inputs.policy);
        assert.deepEqual(policy.Statement, [
            {
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: `arn:aws:logs:us-east-1:123456789012:log-group:${logGroup().inputs.name}:*`,
            },
        ]);
        assert.equal(logGroup().inputs.retentionInDays, 30);
    });

    it("reads a client certificate from the named secret only: the execution role may read that ARN, the sidecar gets two variables", async () => {
        const withCert = await deploy("aws", {
            upstreams: [{ name: "payments", url: "https://api.payments.example.com", tls: { clientCertificateSecret: SECRET } }],
        });
        const policy = JSON.parse(only(withCert.resources, "aws:iam/rolePolicy:RolePolicy").inputs.policy);
        assert.deepEqual(policy.Statement[1], { Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [SECRET] });
        const [app, envoy] = JSON.parse(only(withCert.resources, "aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions);
        assert.deepEqual(envoy.secrets, [
            { name: "AMBASSADOR_PAYMENTS_CLIENT_CERT", valueFrom: `${SECRET}:certificate::` },
            { name: "AMBASSADOR_PAYMENTS_CLIENT_KEY", valueFrom: `${SECRET}:privateKey::` },
        ]);
        assert.equal(app.secrets, undefined, "the app never sees the key");
        const tls = JSON.parse(withCert.sidecarConfig).static_resources.clusters[0].transport_socket.typed_config;
        assert.deepEqual(tls.common_tls_context.tls_certificates[0].certificate_chain, {
            environment_variable: "AMBASSADOR_PAYMENTS_CLIENT_CERT",
        });
    });

    it("uses given subnets without a public IP, and scales only between the bounds", async () => {
        const custom = await deploy("aws", {
            minInstances: 2,
            maxInstances: 2,
            aws: { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] },
        });
        const service = only(custom.resources, "aws:ecs/service:Service").inputs;
        assert.deepEqual(service.networkConfiguration.subnets, ["subnet-a", "subnet-b"]);
        assert.equal(service.networkConfiguration.assignPublicIp, false);
        assert.equal(service.desiredCount, 2);
        assert.equal(custom.resources.filter((r) => r.type.startsWith("aws:appautoscaling")).length, 0, "min = max: nothing to scale");
        const target = only(d.resources, "aws:appautoscaling/target:Target").inputs;
        assert.deepEqual([target.minCapacity, target.maxCapacity, target.scalableDimension], [1, 3, "ecs:service:DesiredCount"]);
    });

    it("tags every child that takes tags, outputs the service name, no url, and the bootstrap", () => {
        const untagged = ["aws:iam/rolePolicy:RolePolicy", "aws:appautoscaling/policy:Policy"];
        for (const r of d.resources.filter((x) => x.custom && !untagged.includes(x.type)))
            assert.deepEqual(r.inputs.tags, EXPECTED_TAGS, r.type);
        assert.equal(d.serviceName, only(d.resources, "aws:ecs/service:Service").inputs.name);
        assert.match(d.serviceName, /^orders-[0-9a-f]{8}$/);
        assert.equal(d.url, "");
        assert.equal(JSON.parse(d.sidecarConfig).node.id, "orders");
    });
});

const CERTIFICATE = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000001";

describe("Ambassador on AWS with ingress: an Application Load Balancer (Pulumi mocks)", () => {
    let plain: Deployed;
    let external: Deployed;
    let internal: Deployed;
    before(async () => {
        plain = await deploy("aws");
        external = await deploy("aws", {
            ingress: AmbassadorIngress.External,
            aws: { certificateArn: CERTIFICATE, healthCheckPath: "/healthz", accessLogsBucket: "acme-elb-logs" },
        });
        internal = await deploy("aws", { ingress: AmbassadorIngress.Internal });
    });
    const listeners = (d: Deployed) => ofType(d.resources, "aws:lb/listener:Listener").map((r) => r.inputs);
    const rules = (d: Deployed, type: string) =>
        ofType(d.resources, type)
            .map(({ inputs: { securityGroupId, ipProtocol, fromPort, toPort, cidrIpv4, cidrIpv6, referencedSecurityGroupId } }) => ({
                securityGroupId,
                ipProtocol,
                fromPort,
                toPort,
                cidrIpv4,
                cidrIpv6,
                referencedSecurityGroupId,
            }))
            .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

    it("adds exactly the load balancer, its security group and rules, a target group and the two listeners", () => {
        const base = inventory(plain.resources).length;
        assert.deepEqual(
            inventory(external.resources).filter((r) => /:lb\/|lb-|orders-tg|vpc\//.test(r)),
            [
                "aws:ec2/securityGroup:SecurityGroup orders-lb-sg",
                "aws:lb/listener:Listener orders-http-redirect",
                "aws:lb/listener:Listener orders-listener",
                "aws:lb/loadBalancer:LoadBalancer orders-lb",
                "aws:lb/targetGroup:TargetGroup orders-tg",
                "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule orders-lb-to-tasks",
                "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule orders-lb-in-443-ipv4",
                "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule orders-lb-in-443-ipv6",
                "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule orders-lb-in-80-ipv4",
                "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule orders-lb-in-80-ipv6",
            ],
        );
        assert.equal(inventory(external.resources).length, base + 10);
        assert.equal(inventory(internal.resources).length, base + 6, "no redirect listener, one source (the VPC) per port");
    });

    it("serves HTTPS with a TLS 1.2+ policy and the certificate; port 80 only redirects to it", () => {
        const [https, redirect] = ["orders-listener", "orders-http-redirect"].map(
            (n) => only(external.resources, "aws:lb/listener:Listener", n).inputs,
        );
        const lb = only(external.resources, "aws:lb/loadBalancer:LoadBalancer");
        const tg = only(external.resources, "aws:lb/targetGroup:TargetGroup");
        assert.deepEqual(
            { port: https.port, protocol: https.protocol, sslPolicy: https.sslPolicy, certificateArn: https.certificateArn },
            { port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", certificateArn: CERTIFICATE },
        );
        assert.equal(ALB_TLS_POLICY, "ELBSecurityPolicy-TLS13-1-2-2021-06");
        assert.deepEqual(https.defaultActions, [{ type: "forward", targetGroupArn: `arn:aws:lb:us-east-1:123456789012:${tg.name}` }]);
        assert.equal(https.loadBalancerArn, redirect.loadBalancerArn);
        assert.deepEqual([redirect.port, redirect.protocol, redirect.sslPolicy], [80, "HTTP", undefined]);
        assert.deepEqual(redirect.defaultActions, [
            { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
        ]);
        assert.equal(lb.inputs.internal, false);
        assert.equal(lb.inputs.loadBalancerType, "application");
        assert.equal(lb.inputs.dropInvalidHeaderFields, true);
        assert.deepEqual(lb.inputs.subnets, ["subnet-0default0000000a", "subnet-0default0000000b"]);
        assert.deepEqual(lb.inputs.accessLogs, { bucket: "acme-elb-logs", prefix: "orders", enabled: true });
        assert.equal(
            only(internal.resources, "aws:lb/loadBalancer:LoadBalancer").inputs.accessLogs,
            undefined,
            "no bucket, no access logs",
        );
    });

    it("checks the app's health on its port through an ip target group the service registers its app container with", () => {
        const tg = only(external.resources, "aws:lb/targetGroup:TargetGroup").inputs;
        assert.deepEqual([tg.targetType, tg.port, tg.protocol, tg.vpcId], ["ip", 8080, "HTTP", "vpc-0default00000000"]);
        assert.deepEqual(tg.healthCheck, {
            path: "/healthz",
            port: "traffic-port",
            protocol: "HTTP",
            matcher: "200-399",
            interval: 15,
            timeout: 5,
            healthyThreshold: 2,
            unhealthyThreshold: 3,
        });
        assert.equal(only(internal.resources, "aws:lb/targetGroup:TargetGroup").inputs.healthCheck.path, "/");
        const service = only(external.resources, "aws:ecs/service:Service");
        assert.deepEqual(service.inputs.loadBalancers, [
            { targetGroupArn: `arn:aws:lb:us-east-1:123456789012:orders-tg`, containerName: "app", containerPort: 8080 },
        ]);
        assert.equal(service.inputs.healthCheckGracePeriodSeconds, 60);
        assert.ok(
            service.waitsFor?.includes(only(external.resources, "aws:lb/listener:Listener", "orders-listener").urn),
            "after the listener",
        );
        assert.equal(only(plain.resources, "aws:ecs/service:Service").inputs.loadBalancers, undefined);
    });

    it("lets only the load balancer reach the tasks, on the app port, and clients reach only the listener ports", () => {
        const task = only(external.resources, "aws:ec2/securityGroup:SecurityGroup", "orders-sg").inputs;
        assert.deepEqual(task.ingress, [{ protocol: "tcp", fromPort: 8080, toPort: 8080, securityGroups: ["orders-lb-sg-id"] }]);
        const lbGroup = only(external.resources, "aws:ec2/securityGroup:SecurityGroup", "orders-lb-sg").inputs;
        assert.deepEqual([lbGroup.ingress, lbGroup.egress], [undefined, undefined], "its rules are separate resources, never inline");
        const tasksOnly = {
            securityGroupId: "orders-lb-sg-id",
            ipProtocol: "tcp",
            fromPort: 8080,
            toPort: 8080,
            referencedSecurityGroupId: "orders-sg-id",
        };
        assert.deepEqual(rules(external, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"), [
            { ...tasksOnly, cidrIpv4: undefined, cidrIpv6: undefined },
        ]);
        const open = (port: number, cidr: object) => ({
            securityGroupId: "orders-lb-sg-id",
            ipProtocol: "tcp",
            fromPort: port,
            toPort: port,
            cidrIpv4: undefined,
            cidrIpv6: undefined,
            referencedSecurityGroupId: undefined,
            ...cidr,
        });
        assert.deepEqual(
            rules(external, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"),
            [
                open(443, { cidrIpv4: "0.0.0.0/0" }),
                open(443, { cidrIpv6: "::/0" }),
                open(80, { cidrIpv4: "0.0.0.0/0" }),
                open(80, { cidrIpv6: "::/0" }),
            ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        );
        assert.deepEqual(
            rules(internal, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"),
            [open(80, { cidrIpv4: "172.31.0.0/16" })],
            "the VPC's CIDR only",
        );
    });

    it("serves plain HTTP inside the VPC when internal without a certificate, and outputs each URL", () => {
        assert.deepEqual(
            listeners(internal).map((l) => [l.port, l.protocol, l.sslPolicy, l.certificateArn]),
            [[80, "HTTP", undefined, undefined]],
        );
        const lb = only(internal.resources, "aws:lb/loadBalancer:LoadBalancer").inputs;
        assert.equal(lb.internal, true);
        assert.match(lb.name, /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/);
        assert.ok(!lb.name.startsWith("internal-"));
        assert.equal(internal.url, `http://internal-${lb.name}-1234567890.us-east-1.elb.amazonaws.com`);
        assert.equal(
            external.url,
            `https://${only(external.resources, "aws:lb/loadBalancer:LoadBalancer").inputs.name}-1234567890.us-east-1.elb.amazonaws.com`,
        );
        for (const r of external.resources.filter((x) => /:lb\/|:vpc\//.test(x.type)))
            assert.deepEqual(r.inputs.tags, EXPECTED_TAGS, r.name);
    });
});
