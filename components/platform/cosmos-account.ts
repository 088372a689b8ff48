/**
 * A serverless Cosmos DB (NoSQL) account as the patterns that keep documents in it make it: TLS 1.2,
 * Entra ID only (the functions reach it with their managed identities and a data-plane role, so
 * keys are off for data and metadata), continuous backup for point-in-time restore.
 */
import * as azn from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";

export interface ServerlessCosmosAccountArgs {
    readonly accountName: pulumi.Input<string>;
    readonly resourceGroupName: pulumi.Input<string>;
    readonly location: pulumi.Input<string | undefined>;
    /** Continuous backup comes in 7- and 30-day tiers. */
    readonly backupTier: "Continuous7Days" | "Continuous30Days";
    readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export function createServerlessCosmosAccount(
    name: string,
    args: ServerlessCosmosAccountArgs,
    opts: pulumi.CustomResourceOptions,
): azn.cosmosdb.DatabaseAccount {
    return new azn.cosmosdb.DatabaseAccount(
        `${name}-cosmos`,
        {
            accountName: args.accountName,
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            databaseAccountOfferType: "Standard",
            kind: "GlobalDocumentDB",
            locations: [{ locationName: args.location as pulumi.Input<string>, failoverPriority: 0 }],
            capabilities: [{ name: "EnableServerless" }],
            consistencyPolicy: { defaultConsistencyLevel: "Session" },
            minimalTlsVersion: "Tls12",
            disableLocalAuth: true,
            disableKeyBasedMetadataWriteAccess: true,
            backupPolicy: { type: "Continuous", continuousModeProperties: { tier: args.backupTier } },
            tags: args.tags,
        },
        opts,
    );
}
