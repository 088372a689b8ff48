/** The idempotency contract on every adapter, each against a real peer (see idempotency-peers.ts). */
import { idempotencyContract } from "./idempotency-contract";
import { onEveryIdempotencyStore } from "./idempotency-peers";

onEveryIdempotencyStore((store) => store, idempotencyContract);
