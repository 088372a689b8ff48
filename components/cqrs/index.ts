import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import { buildPattern, childrenOn, PatternDefinition, preparePattern } from "../pattern-component";
import type { CqrsArgs } from "./args";
import type { AwsCqrs } from "./aws";
import type { AzureCqrs } from "./azure";
import type { GcpCqrs } from "./gcp";
import { CQRS_OUTPUTS, CqrsOutputs } from "./outputs";
import { resolveCqrsArgs, ResolvedCqrsArgs } from "./resolve";

export type { CqrsArgs, CqrsAwsArgs, CqrsAzureArgs, CqrsGcpArgs, CqrsReadModelArgs, CqrsSourceArgs } from "./args";
export { CqrsAwsReadStore, CqrsAzureSync, CqrsFieldType, CqrsGcpSync, CqrsSearchSku } from "./args";
export type { CqrsOutputs } from "./outputs";
export type { AwsCqrs, AzureCqrs, GcpCqrs };

const CQRS: PatternDefinition<CqrsArgs, ResolvedCqrsArgs, CqrsOutputs, AwsCqrs, AzureCqrs, GcpCqrs> = {
    className: "Cqrs",
    resolve: resolveCqrsArgs,
    aws: (...build) => (require("./aws") as typeof import("./aws")).createAwsCqrs(...build),
    azure: (...build) => (require("./azure") as typeof import("./azure")).createAzureCqrs(...build),
    gcp: (...build) => (require("./gcp") as typeof import("./gcp")).createGcpCqrs(...build),
    outputs: CQRS_OUTPUTS,
};

/**
 * CQRS: commands go to a write model built for validation and consistency (with optimistic
 * concurrency), queries to a read model built for retrieval (search, filters, sorts), and every
 * change flows from one to the other through the write store's change stream and a projector. With
 * `source`, an EventSourcing is the write side and its published events feed the projector.
 */
export class Cqrs extends pulumi.ComponentResource implements CqrsOutputs {
    /** The cloud it is deployed to. */
    readonly cloud: Cloud;
    /** Base URL of the command API (PUT/PATCH/DELETE /{entity}/{id}), no trailing slash; undefined with `source`. */
    declare readonly commandUrl: pulumi.Output<string | undefined>;
    /** Base URL of the query API (GET /{entity}, GET /{entity}/{id}), no trailing slash. */
    declare readonly queryUrl: pulumi.Output<string>;
    /** The write model: DynamoDB table, `account/database/container`, `instance/database`; with `source`, the EventSourcing's store. */
    declare readonly writeStoreName: pulumi.Output<string>;
    /** The read model: `<OpenSearch collection or domain>/<index>`, `<search service>/<index>`, `<dataset>.<table>`. */
    declare readonly readStoreName: pulumi.Output<string>;
    /**
     * The key command callers send when `auth` is `apiKey` (`Ocp-Apim-Subscription-Key` on Azure, `x-api-key` on GCP),
     * a secret; "" with any other mode or with `source`.
     */
    declare readonly apiKey: pulumi.Output<string>;
    /** The key query callers send when `queryAuth` is `apiKey`, a secret; "" with any other mode. */
    declare readonly queryApiKey: pulumi.Output<string>;

    constructor(name: string, args: CqrsArgs, opts?: pulumi.ComponentResourceOptions) {
        const prepared = preparePattern(CQRS, name, args);
        super(prepared.type, name, {}, opts);
        this.cloud = prepared.cloud;
        this.registerOutputs(buildPattern(this, CQRS, name, prepared));
    }

    /** The AWS children, when deployed to AWS (TypeScript only: other languages get the outputs above). */
    get aws(): AwsCqrs | undefined {
        return childrenOn(this, Cloud.Aws);
    }

    /** The Azure children, when deployed to Azure (TypeScript only). */
    get azure(): AzureCqrs | undefined {
        return childrenOn(this, Cloud.Azure);
    }

    /** The GCP children, when deployed to GCP (TypeScript only). */
    get gcp(): GcpCqrs | undefined {
        return childrenOn(this, Cloud.Gcp);
    }
}
