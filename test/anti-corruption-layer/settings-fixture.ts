/** The ACL settings document the handler tests run with, as the component would write it. */
import { ConfigReader } from "../../handlers/config";
import { ORDER_RECORD_MAPPING } from "../../components/anti-corruption-layer/mapping";
import { parseAclSettings, type AclSettings } from "../../handlers/anti-corruption-layer/settings";

export function settingsDocument(
    endpoint: string,
    legacy: Record<string, unknown> = {},
    extra: Record<string, unknown> = {},
): Record<string, unknown> {
    return {
        legacy: { endpoint, namespace: "urn:legacy-orders", timeoutMs: 5_000, maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5, ...legacy },
        operations: {
            "GET /orders/{id}": { operation: "GetOrder", soapAction: "urn:legacy-orders/GetOrder", parameters: { OrderId: "path.id" } },
            "GET /customers/{customerId}/orders": {
                operation: "ListOrders",
                result: "many",
                parameters: {
                    CustomerId: "path.customerId",
                    Since: { source: "query.since", type: "date", format: "%Y%m%d", required: false },
                    Status: {
                        source: "query.status",
                        type: "enum",
                        values: { A: "ACTIVE", C: "COMPLETED", X: "CANCELLED" },
                        required: false,
                    },
                },
            },
            "POST /orders": { operation: "CreateOrder", body: true },
            "DELETE /orders/{id}": { operation: "CancelOrder", parameters: { OrderId: "path.id" }, result: "none" },
        },
        mapping: ORDER_RECORD_MAPPING,
        ...extra,
    };
}

export function aclSettings(endpoint: string, legacy: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): AclSettings {
    return parseAclSettings(new ConfigReader(settingsDocument(endpoint, legacy, extra)));
}
