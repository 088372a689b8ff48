/**
 * The Gateway Aggregation function, one bundle for every cloud (it calls its backends with fetch,
 * no cloud SDK): settings from CLOUD_PATTERNS_CONFIG, parsed once at cold start, and the merge
 * module the component bundled in.
 */
import { merge } from "cloud-patterns:merge";
import { atColdStart } from "../../cold-start";
import { readFunctionConfig } from "../../config";
import type { HttpHandler } from "../../contracts";
import { createAggregator } from "../aggregator";
import { parseSettings } from "../settings";

const aggregator = atColdStart(() => createAggregator(readFunctionConfig(parseSettings), merge));

export const handler: HttpHandler = async (request) => aggregator()(request);
