/** Every pattern component's type token is this prefix and its class name: `cloud-patterns:index:Retry`. */
export const PATTERN_TYPE_PREFIX = "cloud-patterns:index:";
