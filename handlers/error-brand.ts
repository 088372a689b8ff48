/**
 * Errors that cross a module boundary the bundler may duplicate (a user's module importing the
 * class from its own copy of the package) carry a brand: a `Symbol.for` key, one symbol per
 * process however many copies of the class exist. They are recognised by it, never by `name`.
 */
export function hasBrand(err: unknown, brand: symbol): boolean {
    return typeof err === "object" && err !== null && (err as Record<symbol, unknown>)[brand] === true;
}
