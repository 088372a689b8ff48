/** An HTTP API (payload format 2.0) event for one request, as API Gateway hands it to a Lambda bundle. */
export function apiGatewayEvent(
    method: string,
    rawPath: string,
    body?: unknown,
    headers: Record<string, string> = {},
    rawQueryString = "",
) {
    return {
        version: "2.0",
        routeKey: "$default",
        rawPath,
        rawQueryString,
        headers: { host: "abc123.execute-api.us-east-1.amazonaws.com", "content-type": "application/json", ...headers },
        requestContext: {
            accountId: "123456789012",
            apiId: "abc123",
            domainName: "abc123.execute-api.us-east-1.amazonaws.com",
            http: { method, path: rawPath, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "test" },
            requestId: `req-${Math.random().toString(36).slice(2)}`,
            routeKey: "$default",
            stage: "$default",
            time: "31/Jan/2024:15:00:00 +0000",
            timeEpoch: 1706713200000,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        isBase64Encoded: false,
    };
}
