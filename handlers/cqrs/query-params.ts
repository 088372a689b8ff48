/**
 * The list query's parameters checked against the read model: filters and sorts only on the
 * fields declared for them, each value typed by its field before it reaches a store adapter.
 *   q=text  filter=<field>:<value> | <field>>=<value> | >, <, <=  (repeatable, all must hold)
 *   sort=<field>[,-<field>]  limit=1..100  cursor=<the previous page's next>
 */
import { HttpError } from "../http/problem";
import type { Filter, FilterOperator, SearchQuery, Sort } from "../stores/read-model/port";
import { DEFAULT_PAGE, FieldCapability, FieldDocument, MAX_PAGE, ReadModelDocument } from "./settings-document";

const FILTER = /^([A-Za-z][A-Za-z0-9_]*)(:|>=|<=|>|<)(.*)$/s;
const OPERATORS: Record<string, FilterOperator> = { ":": "eq", ">=": "gte", "<=": "lte", ">": "gt", "<": "lt" };
const ORDERED_TYPES = new Set(["number", "integer", "date"]);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

export function fieldsWith(readModel: ReadModelDocument, capability: FieldCapability): string[] {
    return Object.entries(readModel.fields)
        .filter(([, field]) => field[capability])
        .map(([name]) => name);
}

export function parseSearchQuery(url: URL, readModel: ReadModelDocument): SearchQuery {
    const params = url.searchParams;
    const text = params.get("q") ?? undefined;
    if (text !== undefined && fieldsWith(readModel, "searchable").length === 0) {
        throw new HttpError(400, "Search not available", "q needs a searchable field, and the read model declares none", { field: "q" });
    }
    return {
        text: text === "" ? undefined : text,
        filters: params.getAll("filter").map((raw) => parseFilter(raw, readModel)),
        sort: parseSort(params.get("sort"), readModel),
        limit: integerParam(params.get("limit"), "limit", DEFAULT_PAGE, 1, MAX_PAGE),
        offset: cursorOffset(params.get("cursor")),
    };
}

function parseFilter(raw: string, readModel: ReadModelDocument): Filter {
    const allowed = fieldsWith(readModel, "filterable");
    const m = FILTER.exec(raw);
    if (!m) {
        throw new HttpError(
            400,
            "Invalid filter",
            `filter must be <field>:<value> or <field>>=<value> (>, <, <=), got ${JSON.stringify(raw)}`,
            {
                field: "filter",
                allowed,
            },
        );
    }
    const [, name, symbol, text] = m;
    const field = readModel.fields[name];
    if (field === undefined || !field.filterable) {
        throw new HttpError(
            400,
            "Field not filterable",
            `'${name}' cannot be filtered on; filterable fields: ${allowed.join(", ") || "none"}`,
            {
                field: "filter",
                allowed,
            },
        );
    }
    const op = OPERATORS[symbol];
    if (op !== "eq" && !ORDERED_TYPES.has(field.type)) {
        throw new HttpError(400, "Invalid filter", `'${name}' is a ${field.type}: only ${name}:<value> applies to it`, { field: "filter" });
    }
    return { field: name, op, value: typedValue(name, field, text) };
}

function typedValue(name: string, field: FieldDocument, text: string): string | number | boolean {
    const invalid = (rule: string): never => {
        throw new HttpError(
            400,
            "Invalid filter value",
            `'${name}' is a ${field.type}: the value must be ${rule}, got ${JSON.stringify(text)}`,
            {
                field: "filter",
            },
        );
    };
    switch (field.type) {
        case "number":
            return text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : invalid("a number");
        case "integer":
            return /^-?\d{1,15}$/.test(text) ? Number(text) : invalid("a whole number");
        case "boolean":
            return text === "true" ? true : text === "false" ? false : invalid("true or false");
        case "date":
            return ISO_DATE.test(text) && !Number.isNaN(Date.parse(text)) ? text : invalid("an ISO 8601 date or date-time");
        default:
            return text;
    }
}

function parseSort(raw: string | null, readModel: ReadModelDocument): Sort[] {
    if (raw === null || raw === "") return [];
    const allowed = fieldsWith(readModel, "sortable");
    return raw.split(",").map((part) => {
        const descending = part.startsWith("-");
        const name = descending ? part.slice(1) : part;
        if (!readModel.fields[name]?.sortable) {
            throw new HttpError(
                400,
                "Field not sortable",
                `'${name}' cannot be sorted on; sortable fields: ${allowed.join(", ") || "none"}`,
                {
                    field: "sort",
                    allowed,
                },
            );
        }
        return { field: name, descending };
    });
}

export function integerParam(raw: string | null, name: string, fallback: number, min: number, max: number): number {
    if (raw === null) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) {
        throw new HttpError(400, `Invalid ${name}`, `${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`, {
            field: name,
        });
    }
    return n;
}

/** The cursor is the offset of the next page, opaque to clients (base64url JSON). */
export function nextCursor(offset: number): string {
    return Buffer.from(JSON.stringify({ offset })).toString("base64url");
}

function cursorOffset(raw: string | null): number {
    if (raw === null) return 0;
    try {
        const { offset } = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as { offset?: unknown };
        if (typeof offset === "number" && Number.isSafeInteger(offset) && offset >= 0) return offset;
    } catch {
        // Falls through to the one error below.
    }
    throw new HttpError(400, "Invalid cursor", "cursor must be the `next` of a previous page, as it was returned", { field: "cursor" });
}
