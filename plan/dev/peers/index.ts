/**
 * The real peers the store adapters run against: DynamoDB Local and dynalite, the Cosmos DB
 * emulator, the Firestore, Pub/Sub and Spanner emulators, PostgreSQL and PGlite (and Chromium for
 * the diagram). Each definition finds (or fetches) what it needs, starts, and hands out views of
 * the running peer. The test run shares them across suites (test/support/peers); `cloud-patterns
 * dev` starts the ones a stack's stores need. See docs/testing.md.
 */
import { chromium, type ChromiumPeer } from "./chromium";
import { cosmos, type CosmosPeer } from "./cosmos";
import { dynalite } from "./dynalite";
import type { DynamoPeer } from "./dynamodb";
import { dynamodbLocal } from "./dynamodb-local";
import { firestore, type FirestorePeer } from "./firestore";
import type { PeerDefinition } from "./peer";
import { pglite, type PglitePeer } from "./pglite";
import { postgres, type PostgresOptions, type PostgresPeer } from "./postgres";
import { pubsub, type PubSubPeer } from "./pubsub";
import { spanner, type SpannerPeer } from "./spanner";

export type { ChromiumPeer } from "./chromium";
export type { CosmosPeer } from "./cosmos";
export type { DynamoPeer } from "./dynamodb";
export type { FirestorePeer } from "./firestore";
export type { PeerBasics } from "./peer";
export type { PglitePeer } from "./pglite";
export type { PostgresOptions, PostgresPeer } from "./postgres";
export type { PubSubPeer } from "./pubsub";
export type { SpannerPeer } from "./spanner";
export { PeerStartError, PeerUnavailableError } from "./errors";

/** Each peer's handle and per-suite options. */
export interface Peers {
    "dynamodb-local": { handle: DynamoPeer; options: void };
    dynalite: { handle: DynamoPeer; options: void };
    cosmos: { handle: CosmosPeer; options: void };
    firestore: { handle: FirestorePeer; options: void };
    postgres: { handle: PostgresPeer; options: PostgresOptions };
    pglite: { handle: PglitePeer; options: void };
    pubsub: { handle: PubSubPeer; options: void };
    spanner: { handle: SpannerPeer; options: void };
    chromium: { handle: ChromiumPeer; options: void };
}

export type PeerName = keyof Peers;

export const peers: { readonly [N in PeerName]: PeerDefinition<unknown, Peers[N]["handle"], Peers[N]["options"]> } = {
    "dynamodb-local": dynamodbLocal,
    dynalite,
    cosmos,
    firestore,
    postgres,
    pglite,
    pubsub,
    spanner,
    chromium,
};
