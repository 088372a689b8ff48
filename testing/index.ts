/**
 * `cloud-patterns/testing`: run your Pulumi program under mocks, with no cloud account and no
 * Pulumi CLI, and look at what it would create. The mocked clouds answer what the real providers
 * compute (ARNs, URLs, host names), so outputs and the wiring between resources can be checked.
 *
 * @example
 * ```ts
 * import { evaluate } from "cloud-patterns/testing";
 * import { GatewayAggregation } from "cloud-patterns";
 *
 * const { resources } = await evaluate(
 *     () => new GatewayAggregation("shop", { backends: [{ name: "users", url: "https://users.example.com/{id}" }] }),
 *     { config: { "cloud-patterns:cloud": "aws", "aws:region": "eu-west-1" } },
 * );
 * assert(resources.some((r) => r.type === "aws:lambda/function:Function"));
 * ```
 */
export { evaluate, valueOf } from "../plan/mock-cloud";
export type { EvaluateOptions, Evaluation, RecordedResource } from "../plan/mock-cloud";
