/**
 * JSON for an HTTP header value: headers carry ASCII, so anything outside printable ASCII goes as a
 * JSON `\u` escape, which any JSON reader turns back (Cosmos DB's partition key header, as the SDK's
 * jsonStringifyAndEscapeNonASCII sends it; Service Bus's BrokerProperties and property headers).
 */
export function asciiJson(value: unknown): string {
    return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
