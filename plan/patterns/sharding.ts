/**
 * Sharding in the cost plan: every request goes through the router's front door and function to
 * one shard (scatter-gather reads touch every shard, but are the rare query the catalogue warns
 * about); the profile's reads, writes and stored data spread evenly over the shards' stores, which
 * is the point of sharding: each store (a DynamoDB table or Cosmos DB account per region, or a
 * PostgreSQL database per shard) carries its share, while a database per shard is paid for N times.
 */
import type { PatternPricing } from "../pattern-pricing";

export const shardingPricing: PatternPricing = {
    storesShareLoad: true,
};
