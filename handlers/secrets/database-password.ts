/**
 * The password in a database secret, as each secret store holds it. RDS's managed master secret
 * (`manageMasterUserPassword`) is the JSON `{"username": ..., "password": ...}` of Secrets Manager's
 * database credentials structure (RDS adds nothing else, and rotation keeps the shape); a secret
 * the user wrote by hand may hold the password alone.
 */

/** The password for `user`; a JSON credentials object naming another user is refused, not tried. */
export function databasePassword(secret: string, user: string): string {
    const credentials = credentialsObject(secret);
    if (credentials === undefined) return secret;
    const { username, password } = credentials;
    if (typeof password !== "string")
        throw new Error(`the database secret must be the password or JSON {"username", "password"}, got JSON without a string "password"`);
    if (username !== undefined && username !== user)
        throw new Error(`the database secret is for user ${JSON.stringify(username)}, but the settings sign in as ${JSON.stringify(user)}`);
    return password;
}

/** The secret as a JSON object, or undefined when it is not one (a bare password, even one that parses as a JSON number). */
function credentialsObject(secret: string): Record<string, unknown> | undefined {
    if (!secret.trimStart().startsWith("{")) return undefined;
    try {
        const parsed: unknown = JSON.parse(secret);
        return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}
