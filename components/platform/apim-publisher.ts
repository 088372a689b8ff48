import type * as pulumi from "@pulumi/pulumi";

/** The publisher API Management requires on its service; args may name their own. */
export interface ApimPublisher {
    readonly publisherEmail: pulumi.Input<string>;
    readonly publisherName: pulumi.Input<string>;
}

/** Used when a pattern's `azure.publisherEmail` / `azure.publisherName` are not given. */
export const DEFAULT_APIM_PUBLISHER: ApimPublisher = { publisherEmail: "platform@example.com", publisherName: "cloud-patterns" };

/** The args' `azure` bag with the publisher defaults applied. */
export function withApimPublisher<T extends Partial<ApimPublisher>>(azure: T | undefined): T & ApimPublisher {
    return {
        ...(azure as T),
        publisherEmail: azure?.publisherEmail ?? DEFAULT_APIM_PUBLISHER.publisherEmail,
        publisherName: azure?.publisherName ?? DEFAULT_APIM_PUBLISHER.publisherName,
    };
}
