/**
 * The expected version of a command, from `If-Match` / `If-None-Match` (HTTP's own optimistic
 * concurrency: the ETag of a stream is its version) or the body's `expectedVersion`.
 */
import { EXPECTED_VERSION_STATES, ExpectedVersion } from "../stores/event-store/port";
import { HttpError } from "../http/problem";

const ETAG = /^(?:W\/)?"(\d+)"$|^(\d+)$/;

export function etagOf(version: number): string {
    return `"${version}"`;
}

/** `undefined` when the client pinned nothing (the server then retries on its own). */
export function expectedVersionOf(headers: Headers, fromBody: unknown): ExpectedVersion | undefined {
    const fromHeader = fromHeaders(headers);
    const body = fromBody === undefined ? undefined : bodyValue(fromBody);
    if (fromHeader !== undefined && body !== undefined && fromHeader !== body) {
        throw new HttpError(
            400,
            "Conflicting expected versions",
            `If-Match/If-None-Match says ${JSON.stringify(fromHeader)} but the body's expectedVersion says ${JSON.stringify(body)}; send one`,
        );
    }
    return fromHeader ?? body;
}

function fromHeaders(headers: Headers): ExpectedVersion | undefined {
    const ifNoneMatch = headers.get("if-none-match");
    const ifMatch = headers.get("if-match");
    if (ifNoneMatch !== null) {
        if (ifNoneMatch.trim() !== "*")
            throw new HttpError(
                400,
                "Unsupported If-None-Match",
                `If-None-Match only takes *, meaning the stream must not exist yet; got ${JSON.stringify(ifNoneMatch)}`,
            );
        if (ifMatch !== null) throw new HttpError(400, "Conflicting preconditions", "send either If-Match or If-None-Match, not both");
        return "no-stream";
    }
    if (ifMatch === null) return undefined;
    if (ifMatch.trim() === "*") return "stream-exists";
    const m = ETAG.exec(ifMatch.trim());
    if (!m)
        throw new HttpError(
            400,
            "Malformed If-Match",
            `If-Match must be the stream's ETag (a version in quotes, e.g. "3") or *, got ${JSON.stringify(ifMatch)}`,
        );
    return Number(m[1] ?? m[2]);
}

function bodyValue(value: unknown): ExpectedVersion {
    if ((typeof value === "number" && Number.isInteger(value) && value >= 0) || EXPECTED_VERSION_STATES.includes(value as never)) {
        return value as ExpectedVersion;
    }
    throw new HttpError(
        400,
        "Invalid expectedVersion",
        `expectedVersion must be a whole number >= 0 or one of ${EXPECTED_VERSION_STATES.join(", ")}, got ${JSON.stringify(value)}`,
        {
            field: "expectedVersion",
        },
    );
}
