// The user's merge module, bundled into the aggregator function by the installed package.
export function merge(results: Record<string, unknown>): Record<string, unknown> {
    return { profile: results.users, source: "shop-merge" };
}
