/**
 * The program of every stack: each pattern whose key is in stack config is deployed to the cloud
 * named by `cloud-patterns:cloud`, with that key's object as its args. The same stack file with
 * the cloud switched is how `npm start` compares the clouds.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    AntiCorruptionLayer,
    AntiCorruptionLayerArgs,
    EventSourcing,
    EventSourcingArgs,
    GatewayAggregation,
    GatewayAggregationArgs,
    Retry,
    RetryArgs,
} from "../components";

const config = new pulumi.Config("cloud-patterns");

/** `cloud-patterns:<key>` as a pattern's args, or undefined when the stack does not deploy it. */
function patternArgs<T>(key: string): T | undefined {
    return config.getObject<T>(key);
}

const gatewayAggregationArgs = patternArgs<GatewayAggregationArgs>("gatewayAggregation");
const gateway = gatewayAggregationArgs && new GatewayAggregation("gateway", gatewayAggregationArgs);

const aclArgs = patternArgs<AntiCorruptionLayerArgs>("antiCorruptionLayer");
// The legacy credentials are a secret of their own (`pulumi config set --secret`), never part of the args object.
const legacyCredentials = config.getSecretObject<{ username: string; password: string }>("legacyCredentials");
const acl = aclArgs && new AntiCorruptionLayer("orders-acl", { ...aclArgs, legacy: { ...aclArgs.legacy, credentials: legacyCredentials } });

const retryArgs = patternArgs<RetryArgs>("retry");
const retry = retryArgs && new Retry("retry", retryArgs);

const eventSourcingArgs = patternArgs<EventSourcingArgs>("eventSourcing");
const eventStore = eventSourcingArgs && new EventSourcing("accounts", eventSourcingArgs);

export const gatewayAggregation = gateway && { url: gateway.url, functionName: gateway.functionName };
export const antiCorruptionLayer = acl && { url: acl.url, functionName: acl.functionName };
export const retryQueue = retry && { enqueueUrl: retry.enqueueUrl, queueName: retry.queueName, deadLetterName: retry.deadLetterName };
export const eventSourcing = eventStore && { commandUrl: eventStore.commandUrl, storeName: eventStore.storeName, eventsTopic: eventStore.eventsTopic };
