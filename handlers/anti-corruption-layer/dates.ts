/**
 * Legacy dates in strftime-style formats (`%Y%m%d`, `%d/%m/%Y %H:%M`) to and from ISO 8601.
 * Only the directives legacy records actually use are supported; a format using any other is
 * refused when the mapping is compiled, not when the first record arrives.
 */

/** The directives a date format may use, and the digits each takes. */
export const DATE_DIRECTIVES: Readonly<Record<string, number>> = { "%Y": 4, "%m": 2, "%d": 2, "%H": 2, "%M": 2, "%S": 2 };

type Part = "Y" | "m" | "d" | "H" | "M" | "S";

export interface DateFormat {
    readonly source: string;
    readonly pattern: RegExp;
    readonly parts: readonly Part[];
    readonly hasTime: boolean;
}

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Compiles a format; throws naming the unknown directive and the allowed ones. */
export function compileDateFormat(format: string): DateFormat {
    const parts: Part[] = [];
    let pattern = "";
    let rest = format;
    while (rest.length) {
        const pct = rest.indexOf("%");
        if (pct === -1) {
            pattern += escapeRegExp(rest);
            break;
        }
        pattern += escapeRegExp(rest.slice(0, pct));
        const directive = rest.slice(pct, pct + 2);
        const width = DATE_DIRECTIVES[directive];
        if (width === undefined) {
            throw new Error(
                `date format '${format}' uses '${directive}'; allowed directives are ${Object.keys(DATE_DIRECTIVES).join(" ")}`,
            );
        }
        parts.push(directive[1] as Part);
        pattern += `(\\d{${width}})`;
        rest = rest.slice(pct + 2);
    }
    for (const needed of ["Y", "m", "d"] as const) {
        if (!parts.includes(needed)) throw new Error(`date format '${format}' must contain %Y, %m and %d`);
    }
    return { source: format, pattern: new RegExp(`^${pattern}$`), parts, hasTime: parts.some((p) => p === "H" || p === "M" || p === "S") };
}

type Fields = Record<Part, number>;

function isRealDate(f: Fields): boolean {
    const d = new Date(0);
    // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
    d.setUTCFullYear(f.Y, f.m - 1, f.d);
    return d.getUTCFullYear() === f.Y && d.getUTCMonth() === f.m - 1 && d.getUTCDate() === f.d && f.H < 24 && f.M < 60 && f.S < 60;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** ISO date (`2024-01-31`), or local date-time (`2024-01-31T10:20:00`) when the format has a time; undefined when `value` does not fit or is no calendar date. */
export function legacyDateToIso(value: string, format: DateFormat): string | undefined {
    const m = format.pattern.exec(value.trim());
    if (!m) return undefined;
    const f: Fields = { Y: 0, m: 1, d: 1, H: 0, M: 0, S: 0 };
    format.parts.forEach((part, i) => (f[part] = Number(m[i + 1])));
    if (!isRealDate(f)) return undefined;
    const date = `${pad(f.Y, 4)}-${pad(f.m, 2)}-${pad(f.d, 2)}`;
    return format.hasTime ? `${date}T${pad(f.H, 2)}:${pad(f.M, 2)}:${pad(f.S, 2)}` : date;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** The inverse of {@link legacyDateToIso}; undefined when `iso` is not an ISO date (time optional, no zone). */
export function isoToLegacyDate(iso: string, format: DateFormat): string | undefined {
    const m = ISO.exec(iso.trim());
    if (!m) return undefined;
    const f: Fields = { Y: +m[1], m: +m[2], d: +m[3], H: +(m[4] ?? 0), M: +(m[5] ?? 0), S: +(m[6] ?? 0) };
    if (!isRealDate(f)) return undefined;
    return format.source.replace(/%([YmdHMS])/g, (_all, p: Part) => pad(f[p], DATE_DIRECTIVES[`%${p}`]));
}
