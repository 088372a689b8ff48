/**
 * The bundle entry of the Gateway Aggregation function: settings from CLOUD_PATTERNS_CONFIG,
 * parsed once at cold start, and the merge module the component bundled in.
 */
import { merge } from "cloud-patterns:merge";
import { readFunctionConfig } from "../config";
import type { HttpHandler } from "../contracts";
import { createAggregator } from "./aggregator";
import { parseSettings } from "./settings";

export const handler: HttpHandler = createAggregator(readFunctionConfig(parseSettings), merge);
