/**
 * Which HTTP status a SOAP fault becomes. Configured codes first (`faultStatus`), then:
 * anything that says "not found" -> 404, a fault the client caused (1.1 Client, 1.2 Sender)
 * -> 422, everything else (Server, Receiver, unknown) -> 502.
 */
import type { SoapFault } from "./soap";

const NOT_FOUND_CODE = /not_?found|nosuch|unknown(order|record|id)/i;
const NOT_FOUND_TEXT = /\bnot found\b|\bdoes not exist\b|\bno such\b|\bunknown (order|record|id)\b/i;
const CLIENT_CODES = new Set(["client", "sender"]);

export function faultStatus(fault: SoapFault, configured: Readonly<Record<string, number>>): number {
    const names = [...fault.subcodes, ...fault.detailElements, fault.code];
    for (const name of names) {
        const status = configured[name];
        if (status !== undefined) return status;
    }
    if (names.some((n) => NOT_FOUND_CODE.test(n)) || NOT_FOUND_TEXT.test(fault.reason)) return 404;
    return CLIENT_CODES.has(fault.code.toLowerCase().split(".")[0]) ? 422 : 502;
}
