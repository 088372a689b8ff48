/** The key (or the item's place) fits no shard of the map: the caller's input, not a fault of the map. */
export class UnroutableKeyError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UnroutableKeyError";
    }
}
