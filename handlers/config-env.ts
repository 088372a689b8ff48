/**
 * The environment variable a component writes its function settings into, as one JSON document.
 * Pure data (see docs/platform.md): the components import it, so the name is written once.
 */
export const CONFIG_ENV = "CLOUD_PATTERNS_CONFIG";
