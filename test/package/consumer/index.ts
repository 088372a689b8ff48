// A user's program: the components from the installed package, the user's own modules by path.
import * as pulumi from "@pulumi/pulumi";
import { GatewayAggregation, Retry } from "cloud-patterns";

const config = new pulumi.Config();

const storefront = new GatewayAggregation("storefront", {
    route: "GET /users/{id}",
    backends: [{ name: "users", url: config.require("usersUrl") }],
    mergeModule: "./merge.ts",
});

const orders = new Retry("orders", { workerModule: "./worker.ts", maxAttempts: 4 });

export const url = storefront.url;
export const queue = orders.queueName;
