/** Building a Sharding under mocks, per cloud. */
import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../../components/cloud";
import { Sharding, ShardingArgs } from "../../components/sharding";
import { resolveShardingArgs } from "../../components/sharding/resolve";
import { evaluate, valueOf } from "../../plan/mock-cloud";
export { settingsOf } from "../support/resources";

export const CLOUD_CONFIG: Record<Cloud, Record<string, string>> = {
    aws: { "cloud-patterns:cloud": "aws", "aws:region": "us-east-1" },
    azure: { "cloud-patterns:cloud": "azure", "azure-native:location": "westeurope" },
    gcp: { "cloud-patterns:cloud": "gcp", "gcp:region": "us-central1", "gcp:project": "mock-project" },
};

/** The private networks of each cloud's PostgreSQL, as Event Sourcing takes them. */
export const POSTGRES_NETWORK = {
    aws: { postgres: { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] } },
    azure: {
        postgres: {
            delegatedSubnetId: "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/postgres",
            privateDnsZoneId:
                "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/privateDnsZones/x.postgres.database.azure.com",
            functionSubnetId: "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/functions",
        },
    },
    gcp: { postgres: { network: "projects/mock-project/global/networks/default" } },
};

/** Two geo shards per cloud: one in the stack's region, one in another, with places mapped to them. */
export const GEO: Record<Cloud, { home: string; away: string }> = {
    aws: { home: "us-east-1", away: "eu-central-1" },
    azure: { home: "westeurope", away: "eastus" },
    gcp: { home: "us-central1", away: "europe-west3" },
};

export function geoArgs(cloud: Cloud): ShardingArgs {
    const { home, away } = GEO[cloud];
    return {
        key: "orderId",
        strategy: "geo",
        shards: [
            { name: "home", region: home },
            { name: "away", region: away },
        ],
        geo: { field: "country", places: { HM: home, AW: away } },
    };
}

/** The args resolved as the component would, with the cloud's stack config set. */
export function resolveFor(cloud: Cloud, args: unknown) {
    pulumi.runtime.setAllConfig(CLOUD_CONFIG[cloud]);
    return resolveShardingArgs("orders", cloud, args as ShardingArgs);
}

export async function deploySharding(cloud: Cloud, args: ShardingArgs) {
    const { resources, result } = await evaluate(() => new Sharding("orders", { tags: { team: "orders" }, ...args }), {
        config: CLOUD_CONFIG[cloud],
    });
    const outputs = {
        routerUrl: await valueOf(result.routerUrl),
        shards: await valueOf(result.shards),
        shardMap: await valueOf(result.shardMap),
    };
    return { resources, result, outputs };
}
