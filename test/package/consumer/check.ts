// The user's own test: the program under mocks through cloud-patterns/testing, printing what it registered.
import * as pulumi from "@pulumi/pulumi";
import { evaluate } from "cloud-patterns/testing";

async function main(): Promise<void> {
    const { resources } = await evaluate(() => import("./index"), {
        project: "shop",
        stack: "dev",
        config: { "cloud-patterns:cloud": "aws", "aws:region": "eu-west-1", "shop:usersUrl": "https://users.example.com/users/{id}" },
    });
    const aggregator = resources.find((r) => r.type === "aws:lambda/function:Function" && r.parent?.endsWith("::storefront"));
    if (!aggregator) throw new Error("no aggregator function under storefront");
    const assets = await (aggregator.inputs.code as pulumi.asset.AssetArchive).assets;
    const bundle = await (assets["index.js"] as pulumi.asset.StringAsset).text;
    const registered = resources.map(({ type, name, parent }) => ({ type, name, parent }));
    console.log(JSON.stringify({ resources: registered, mergeBundled: bundle.includes("shop-merge") }));
}

main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
});
