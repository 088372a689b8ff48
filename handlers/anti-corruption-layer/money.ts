/**
 * Exact money: legacy systems store amounts as integer cents; the domain speaks decimal
 * strings. Done on digit strings so no amount ever passes through a binary float.
 */

const CENTS = /^([+-]?)(\d+)$/;
const DECIMAL = /^([+-]?)(\d+)(?:\.(\d{1,2}))?$/;

/** `"12345"` -> `"123.45"`, `"-5"` -> `"-0.05"`; undefined when `cents` is not an integer. */
export function centsToDecimal(cents: string): string | undefined {
    const m = CENTS.exec(cents.trim());
    if (!m) return undefined;
    const digits = m[2].replace(/^0+(?=\d)/, "").padStart(3, "0");
    const sign = m[1] === "-" && /[1-9]/.test(digits) ? "-" : "";
    return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/**
 * `"123.45"` -> `"12345"`, `"7"` -> `"700"`; undefined for anything that is not a decimal with
 * at most two places (a third place would be a fraction of a cent: refused, not rounded).
 * A JSON number is accepted through its shortest decimal form, which is what its author typed.
 */
export function decimalToCents(value: string | number): string | undefined {
    const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value.trim();
    const m = DECIMAL.exec(text);
    if (!m) return undefined;
    const digits = `${m[2]}${(m[3] ?? "").padEnd(2, "0")}`.replace(/^0+(?=\d)/, "");
    const sign = m[1] === "-" && digits !== "0" ? "-" : "";
    return `${sign}${digits}`;
}
