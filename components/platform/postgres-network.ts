/**
 * The private network each cloud's managed PostgreSQL needs from a pattern's args (`aws.postgres`,
 * `azure.postgres`, `gcp.postgres`, as Event Sourcing documents them), checked before any resource
 * is declared. Loads no cloud SDK.
 */
import { Cloud } from "../cloud";
import { ArgsValidator } from "./validate";

/** PostgreSQL's port, the only one the databases' networks open. */
export const POSTGRES_PORT = 5432;

/** PostgreSQL role names (and other identifiers) are at most NAMEDATALEN - 1 = 63 bytes. */
export const POSTGRES_ROLE_MAX_LENGTH = 63;

/** The per-cloud bags of a pattern whose store may be PostgreSQL, as far as the network goes. */
export interface PostgresNetworkBags {
    readonly aws?: {
        readonly postgres?: { readonly vpcId?: unknown; readonly subnetIds?: unknown; readonly secretsManagerEndpoint?: unknown };
    };
    readonly azure?: {
        readonly postgres?: {
            readonly delegatedSubnetId?: unknown;
            readonly privateDnsZoneId?: unknown;
            readonly functionSubnetId?: unknown;
        };
    };
    readonly gcp?: { readonly postgres?: { readonly network?: unknown } };
}

const POSTGRES_NETWORK: Record<Cloud, { needs: string; given: (a: PostgresNetworkBags) => boolean }> = {
    aws: {
        needs: "aws.postgres { vpcId, subnetIds } with private subnets in at least two availability zones",
        given: (a) =>
            Array.isArray(a.aws?.postgres?.subnetIds) && a.aws!.postgres!.subnetIds.length >= 2 && a.aws!.postgres!.vpcId !== undefined,
    },
    azure: {
        needs: "azure.postgres { delegatedSubnetId, privateDnsZoneId, functionSubnetId }",
        given: (a) =>
            a.azure?.postgres?.delegatedSubnetId !== undefined &&
            a.azure.postgres.privateDnsZoneId !== undefined &&
            a.azure.postgres.functionSubnetId !== undefined,
    },
    gcp: { needs: "gcp.postgres { network } (a VPC with private services access)", given: (a) => a.gcp?.postgres?.network !== undefined },
};

/** Refuses `store 'postgres'` on `cloud` without the network it needs: the databases get no public address. */
export function checkPostgresNetwork(check: ArgsValidator, cloud: Cloud, args: PostgresNetworkBags, what = "the database gets"): void {
    const network = POSTGRES_NETWORK[cloud];
    if (!network.given(args)) check.refuse(`store 'postgres' on ${cloud} needs ${network.needs}: ${what} no public address`);
    const endpoint = args.aws?.postgres?.secretsManagerEndpoint;
    if (endpoint !== undefined) check.boolean("aws.postgres.secretsManagerEndpoint", endpoint as boolean);
}
