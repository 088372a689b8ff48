/**
 * The AWS read store: a managed OpenSearch domain (default: one t3.small.search node, ~$25 a
 * month) or a Serverless collection (a 1-OCU floor, ~$175 a month, nothing to size). Either way
 * only the projector's and the query function's roles may reach it, over HTTPS with TLS 1.2, and
 * the data is encrypted at rest.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsStatement } from "../platform/function-aws";
import { cqrsNames } from "./names";
import type { ResolvedCqrsArgs } from "./resolve";

export interface AwsSearchCollection {
    readonly collection: aws.opensearch.ServerlessCollection;
    readonly encryptionPolicy: aws.opensearch.ServerlessSecurityPolicy;
    readonly networkPolicy: aws.opensearch.ServerlessSecurityPolicy;
}

/** The roles the read store admits: the projector may write and read, the query function only read. */
export interface AwsReadStoreRoles {
    readonly projector: aws.iam.Role;
    readonly query: aws.iam.Role;
}

/** The resource-side grant: the domain's resource policy, or the collection's data access policy. */
export type AwsReadStoreAccess = aws.opensearch.DomainPolicy | aws.opensearch.ServerlessAccessPolicy;

export interface AwsReadStore {
    readonly domain?: aws.opensearch.Domain;
    readonly serverless?: AwsSearchCollection;
    /** `https://...` without a trailing slash. */
    readonly endpoint: pulumi.Output<string>;
    readonly service: "es" | "aoss";
    readonly name: pulumi.Output<string>;
    /** What each role's IAM policy must allow on the store (the resource policies above allow the rest). */
    readonly projectorStatement: AwsStatement;
    readonly queryStatement: AwsStatement;
    /** Declares the resource-side policy for the functions' roles (made after the functions, whose settings need the endpoint). */
    readonly admit: (roles: AwsReadStoreRoles) => AwsReadStoreAccess;
}

/** What the data access policy grants on the collection's indexes. */
export const COLLECTION_PERMISSIONS = {
    projector: ["aoss:CreateIndex", "aoss:DescribeIndex", "aoss:UpdateIndex", "aoss:ReadDocument", "aoss:WriteDocument"],
    query: ["aoss:DescribeIndex", "aoss:ReadDocument"],
} as const;

/** The domain's HTTP actions per role: the projector creates the index and writes; the query function reads (GET, and POST for _search/_mget). */
export const DOMAIN_ACTIONS = {
    projector: ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut"],
    query: ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost"],
} as const;

export function createAwsReadStore(name: string, resolved: ResolvedCqrsArgs, opts: pulumi.CustomResourceOptions): AwsReadStore {
    return resolved.aws.readStore === "serverless" ? serverless(name, resolved, opts) : domain(name, resolved, opts);
}

function domain(name: string, resolved: ResolvedCqrsArgs, opts: pulumi.CustomResourceOptions): AwsReadStore {
    const names = cqrsNames(`Cqrs '${name}'`, name);
    const domain = new aws.opensearch.Domain(
        `${name}-search`,
        {
            domainName: names.searchDomain(),
            engineVersion: "OpenSearch_2.19",
            clusterConfig: { instanceType: "t3.small.search", instanceCount: 1, zoneAwarenessEnabled: false },
            ebsOptions: { ebsEnabled: true, volumeType: "gp3", volumeSize: 10 },
            encryptAtRest: { enabled: true },
            nodeToNodeEncryption: { enabled: true },
            domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
            tags: resolved.tags,
        },
        opts,
    );
    const statement = (role: aws.iam.Role, actions: readonly string[]) => ({
        Effect: "Allow",
        Principal: { AWS: role.arn },
        Action: [...actions],
        Resource: pulumi.interpolate`${domain.arn}/*`,
    });
    const admit = (roles: AwsReadStoreRoles) =>
        new aws.opensearch.DomainPolicy(
            `${name}-search-access`,
            {
                domainName: domain.domainName,
                accessPolicies: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [statement(roles.projector, DOMAIN_ACTIONS.projector), statement(roles.query, DOMAIN_ACTIONS.query)],
                }),
            },
            opts,
        );
    const indexes = pulumi.interpolate`${domain.arn}/*`;
    return {
        admit,
        domain,
        endpoint: pulumi.interpolate`https://${domain.endpoint}`,
        service: "es",
        name: domain.domainName,
        projectorStatement: { actions: DOMAIN_ACTIONS.projector, resources: [indexes] },
        queryStatement: { actions: DOMAIN_ACTIONS.query, resources: [indexes] },
    };
}

function serverless(name: string, resolved: ResolvedCqrsArgs, opts: pulumi.CustomResourceOptions): AwsReadStore {
    const names = cqrsNames(`Cqrs '${name}'`, name);
    const collectionName = names.searchCollection();
    const resource = [`collection/${collectionName}`];
    const encryptionPolicy = new aws.opensearch.ServerlessSecurityPolicy(
        `${name}-search-encryption`,
        {
            name: names.securityPolicy("search-enc"),
            type: "encryption",
            policy: JSON.stringify({ Rules: [{ ResourceType: "collection", Resource: resource }], AWSOwnedKey: true }),
        },
        opts,
    );
    // Reachable over the internet, but only signed requests of the principals in the data policy are served.
    const networkPolicy = new aws.opensearch.ServerlessSecurityPolicy(
        `${name}-search-network`,
        {
            name: names.securityPolicy("search-net"),
            type: "network",
            policy: JSON.stringify([{ Rules: [{ ResourceType: "collection", Resource: resource }], AllowFromPublic: true }]),
        },
        opts,
    );
    const rule = (role: aws.iam.Role, permissions: readonly string[]) => ({
        Rules: [{ ResourceType: "index", Resource: [`index/${collectionName}/*`], Permission: [...permissions] }],
        Principal: [role.arn],
    });
    const admit = (roles: AwsReadStoreRoles) =>
        new aws.opensearch.ServerlessAccessPolicy(
            `${name}-search-access`,
            {
                name: names.accessPolicy("search-data"),
                type: "data",
                policy: pulumi.jsonStringify([
                    rule(roles.projector, COLLECTION_PERMISSIONS.projector),
                    rule(roles.query, COLLECTION_PERMISSIONS.query),
                ]),
            },
            opts,
        );
    const collection = new aws.opensearch.ServerlessCollection(
        `${name}-search`,
        // No standby replicas: the 1-OCU floor instead of 2 (the read model can be rebuilt from the write model).
        { name: collectionName, type: "SEARCH", standbyReplicas: "DISABLED", tags: resolved.tags },
        pulumi.mergeOptions(opts, { dependsOn: [encryptionPolicy, networkPolicy] }),
    );
    const access: AwsStatement = { actions: ["aoss:APIAccessAll"], resources: [collection.arn] };
    return {
        admit,
        serverless: { collection, encryptionPolicy, networkPolicy },
        endpoint: collection.collectionEndpoint.apply((url) => url.replace(/\/+$/, "")),
        service: "aoss",
        name: collection.name,
        projectorStatement: access,
        queryStatement: access,
    };
}
