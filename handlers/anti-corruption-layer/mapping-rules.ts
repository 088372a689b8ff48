/**
 * The declarative mapping's document: the rule types and converter names. Shared by the component
 * (public args, checked before any resource exists) and the handler (compiled at cold start);
 * it has no imports, so the component takes types and names from it and no runtime code.
 */

export interface RuleBase {
    /**
     * Where the value sits in the legacy record: an element name, a dotted path (`ADDR.CITY`),
     * or `@name` for an attribute. Ignored on a list's `item` (the repeated element itself).
     * @default the domain field's name
     */
    readonly from?: string;
    /** A missing value is an error naming the field (true) or is left out (false). @default true */
    readonly required?: boolean;
}

/** Text; fixed-width padding is trimmed. */
export interface StringRule extends RuleBase {
    readonly type: "string";
    /** @default true */
    readonly trim?: boolean;
}
/** A whole number, as a JSON number. */
export interface IntegerRule extends RuleBase {
    readonly type: "integer";
}
/** Integer cents to an exact decimal string (`12345` -> `"123.45"`), never through a float. */
export interface DecimalFromCentsRule extends RuleBase {
    readonly type: "decimalFromCents";
}
/** A date in a strftime-style `format` (`%Y%m%d`; %Y %m %d %H %M %S) to ISO 8601. */
export interface DateRule extends RuleBase {
    readonly type: "date";
    readonly format: string;
}
/** A legacy code to a domain name; an unlisted code becomes `default`, never an error. */
export interface EnumRule extends RuleBase {
    readonly type: "enum";
    readonly values: Readonly<Record<string, string>>;
    /** @default "UNKNOWN" */
    readonly default?: string;
}
/** A nested element to a nested object. */
export interface ObjectRule extends RuleBase {
    readonly type: "object";
    readonly fields: Readonly<Record<string, FieldRule>>;
}
/** A repeated element (`from`, e.g. `LINES.LINE`) to a JSON array; absent means `[]`. */
export interface ListRule extends RuleBase {
    readonly type: "list";
    readonly item: FieldRule;
}
export type FieldRule = StringRule | IntegerRule | DecimalFromCentsRule | DateRule | EnumRule | ObjectRule | ListRule;

/** How one legacy record maps to one domain object, both ways. */
export interface EntityMapping {
    /** The legacy record's element name, e.g. `OrderRecord`; found anywhere in the operation's answer. */
    readonly element: string;
    /** Domain field -> rule, in the order the legacy schema lists the elements (requests are written in this order). */
    readonly fields: Readonly<Record<string, FieldRule>>;
}

/** The converters a mapping may name. */
export const CONVERTERS = ["string", "integer", "decimalFromCents", "date", "enum", "object", "list"] as const;
