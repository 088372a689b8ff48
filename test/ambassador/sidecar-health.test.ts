/**
 * The ECS health check of the Envoy sidecar, run for real against a stand-in for Envoy's health
 * listener (no Envoy binary runs here). The stand-in keeps the two Envoy behaviours the check
 * depends on: its HTTP/1 codec answers an HTTP/1.0 request with 426 (`accept_http_10` is off by
 * default: envoy/config/core/v3/protocol.proto, Http1ProtocolOptions), and `/ready` answers 200
 * "LIVE" once the server is live, 503 with the state's name before. The command runs as Docker runs
 * an ECS health check: `CMD-SHELL` through `/bin/sh -c` (dash here, as in the Ubuntu-based Envoy
 * image), `CMD` as the argv it names.
 */
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as net from "node:net";
import { promisify } from "node:util";
import { readyCommand } from "../../components/ambassador/sidecar";
import { only } from "../support/resources";
import { deploy } from "./deploy";

const run = promisify(execFile);

/** Envoy's health listener as far as the check sees it. */
async function envoyHealthListener(state: "LIVE" | "PRE_INITIALIZING"): Promise<net.Server> {
    const server = net.createServer((socket) => {
        let request = "";
        socket.on("data", (chunk) => {
            request += chunk.toString("latin1");
            if (!request.includes("\r\n\r\n")) return;
            const [line, ...headers] = request.split("\r\n");
            const answer = (status: string, body: string) =>
                socket.end(`HTTP/1.1 ${status}\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
            if (line.endsWith("HTTP/1.0")) return answer("426 Upgrade Required", "");
            if (!headers.some((h) => /^host:/i.test(h))) return answer("400 Bad Request", "");
            if (line !== "GET /ready HTTP/1.1") return answer("404 Not Found", "");
            return state === "LIVE" ? answer("200 OK", "LIVE\n") : answer("503 Service Unavailable", `${state}\n`);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return server;
}

const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;

/** Runs an ECS health check command as Docker does; true when it exits 0. */
async function healthy(command: readonly string[]): Promise<boolean> {
    const [form, ...rest] = command;
    const argv = form === "CMD-SHELL" ? ["/bin/sh", "-c", rest.join(" ")] : rest;
    assert.ok(form === "CMD" || form === "CMD-SHELL", `unknown health check form ${form}`);
    try {
        await run(argv[0], argv.slice(1), { timeout: 10_000 });
        return true;
    } catch {
        return false;
    }
}

describe("the Envoy sidecar's ECS health check, run against a stand-in for Envoy's health listener", () => {
    let live: net.Server;
    let starting: net.Server;
    before(async () => {
        [live, starting] = await Promise.all([envoyHealthListener("LIVE"), envoyHealthListener("PRE_INITIALIZING")]);
    });
    after(() => {
        live.close();
        starting.close();
    });

    it("is the task definition's check, on the health listener's port", async () => {
        const { resources } = await deploy("aws");
        const [, envoy] = JSON.parse(only(resources, "aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions);
        assert.deepEqual(envoy.healthCheck.command, ["CMD", ...readyCommand(9902)]);
    });

    it("passes when Envoy is live", async () => {
        assert.equal(await healthy(["CMD", ...readyCommand(portOf(live))]), true);
    });

    it("fails while Envoy is still starting, and when nothing listens", async () => {
        assert.equal(await healthy(["CMD", ...readyCommand(portOf(starting))]), false);
        const closed = await envoyHealthListener("LIVE");
        const port = portOf(closed);
        await new Promise((resolve) => closed.close(resolve));
        assert.equal(await healthy(["CMD", ...readyCommand(port)]), false);
    });
});
