import type { CosmosRestContainer as Container } from "../clients/cosmos-rest";
import { Claim, ClaimResult, IdempotencyRecord, IdempotencyStore, isClaimable } from "./port";

interface Item extends IdempotencyRecord {
    readonly id: string;
    /** Per-item TTL in seconds (the container sets defaultTtl -1 so items opt in). */
    readonly ttl: number;
}

const statusOf = (err: unknown): number | undefined => (err as { code?: unknown } | null)?.code as number | undefined;

/**
 * Idempotency records in a Cosmos DB container partitioned by `/id`. A claim creates the item
 * (409 if it exists); a takeover of an expired or abandoned claim replaces it with If-Match on
 * the etag read, so of two racing takeovers one gets 412.
 */
export class CosmosIdempotencyStore implements IdempotencyStore {
    constructor(private readonly container: Container) {}

    async claim(claim: Claim): Promise<ClaimResult> {
        const item = toItem(
            {
                key: claim.key,
                status: "INPROGRESS",
                expiresAt: claim.expiresAt,
                inProgressUntil: claim.inProgressUntil,
                token: claim.token,
            },
            claim.now,
        );
        try {
            await this.container.items.create(item);
            return { acquired: true };
        } catch (err) {
            if (statusOf(err) !== 409) throw err;
        }
        const { resource, etag } = await this.container.item(claim.key, claim.key).read<Item>();
        if (!resource || !etag) return { acquired: false };
        if (!isClaimable(fromItem(resource), claim.now)) return { acquired: false, existing: fromItem(resource) };
        try {
            await this.container.item(claim.key, claim.key).replace(item, { accessCondition: { type: "IfMatch", condition: etag } });
            return { acquired: true };
        } catch (err) {
            if (statusOf(err) !== 412) throw err;
            return { acquired: false, existing: await this.get(claim.key) };
        }
    }

    async complete(key: string, token: string, result: string, expiresAt: number): Promise<boolean> {
        const { resource, etag } = await this.container.item(key, key).read<Item>();
        if (!resource || !etag || resource.token !== token || resource.status !== "INPROGRESS") return false;
        const item = toItem({ key, status: "COMPLETED", expiresAt, inProgressUntil: resource.inProgressUntil, token, result }, Date.now());
        try {
            await this.container.item(key, key).replace(item, { accessCondition: { type: "IfMatch", condition: etag } });
            return true;
        } catch (err) {
            if (statusOf(err) === 412) return false;
            throw err;
        }
    }

    async release(key: string, token: string): Promise<void> {
        const { resource, etag } = await this.container.item(key, key).read<Item>();
        if (!resource || !etag || resource.token !== token) return;
        try {
            await this.container.item(key, key).delete({ accessCondition: { type: "IfMatch", condition: etag } });
        } catch (err) {
            if (statusOf(err) !== 412 && statusOf(err) !== 404) throw err;
        }
    }

    async get(key: string): Promise<IdempotencyRecord | undefined> {
        const { resource } = await this.container.item(key, key).read<Item>();
        return resource ? fromItem(resource) : undefined;
    }
}

function toItem(record: IdempotencyRecord, now: number): Item {
    return { id: record.key, ...record, ttl: Math.max(1, Math.ceil((record.expiresAt - now) / 1000)) };
}

function fromItem(item: Item): IdempotencyRecord {
    return {
        key: item.id,
        status: item.status,
        expiresAt: item.expiresAt,
        inProgressUntil: item.inProgressUntil,
        token: item.token,
        ...(item.result !== undefined ? { result: item.result } : {}),
    };
}
