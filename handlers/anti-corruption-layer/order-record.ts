/**
 * The catalogue's example, built in: the legacy `OrderRecord` as the domain's Order.
 * Also the mapping the component uses when none is given.
 */
import type { EntityMapping } from "./mapping";

export const ORDER_RECORD_MAPPING: EntityMapping = {
    element: "OrderRecord",
    fields: {
        id: { from: "ORD_NUM", type: "string" },
        customerId: { from: "CUST_ID", type: "string" },
        total: { from: "TOT_AMT", type: "decimalFromCents" },
        status: { from: "STAT_CD", type: "enum", values: { A: "ACTIVE", C: "COMPLETED", X: "CANCELLED" }, default: "UNKNOWN" },
        createdAt: { from: "CRT_DT", type: "date", format: "%Y%m%d" },
    },
};
