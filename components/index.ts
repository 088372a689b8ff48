/**
 * cloud-patterns: one Pulumi component per cloud design pattern, each deployable to AWS, Azure
 * or GCP. The cloud comes from the component's `cloud` arg or stack config `cloud-patterns:cloud`.
 */
export { AmbassadorTarget, Cloud, CLOUD_CONFIG_KEY, resolveAmbassadorTarget, resolveCloud } from "./cloud";
// One line per pattern, each with its entry in ./patterns.ts (test/components/registry.test.ts checks both ways).
export * from "./gateway-aggregation";
export * from "./anti-corruption-layer";
export * from "./retry";
export * from "./event-sourcing";
export * from "./cqrs";
export * from "./ambassador";
export * from "./sharding";
