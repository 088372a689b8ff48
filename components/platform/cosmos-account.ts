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

/** The continuous backup tier that keeps at least `retentionDays` of point-in-time restore (7 or 30 days). */
export function cosmosBackupTier(retentionDays: number): ServerlessCosmosAccountArgs["backupTier"] {
    return retentionDays <= 7 ? "Continuous7Days" : "Continuous30Days";
}

export interface ServerlessCosmosDatabase {
    /** Named `<name>-cosmos`. */
    readonly account: azn.cosmosdb.DatabaseAccount;
    /** Named `<name>-database`; its containers are the pattern's own. */
    readonly database: azn.cosmosdb.SqlResourceSqlDatabase;
}

/** A {@link createServerlessCosmosAccount} account with one NoSQL database (serverless: no throughput to set). */
export function createServerlessCosmosDatabase(
    name: string,
    args: ServerlessCosmosAccountArgs & { readonly databaseName: string },
    opts: pulumi.CustomResourceOptions,
): ServerlessCosmosDatabase {
    const { databaseName, ...accountArgs } = args;
    const account = createServerlessCosmosAccount(name, accountArgs, opts);
    const database = new azn.cosmosdb.SqlResourceSqlDatabase(
        `${name}-database`,
        { accountName: account.name, resourceGroupName: args.resourceGroupName, databaseName, resource: { id: databaseName } },
        opts,
    );
    return { account, database };
}
