/**
 * Real test peers for store adapters: call `usePeer(name)` inside a mocha
 * `describe`; the peer starts on first use (one per process, shared, counted),
 * and stops when the last suite is done or the run ends. See docs/testing.md.
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
import { bindPeer } from "./use-peer";

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

/**
 * Registers before/after hooks on the calling `describe` and returns the peer's
 * handle for this suite, filled in before its tests run. A peer missing from
 * the machine is installed or fetched on first need (once per run); one that
 * cannot be had skips its suites (one line naming what to run), or fails them when CI=true.
 */
export function usePeer<N extends PeerName>(name: N, options?: Peers[N]["options"]): Peers[N]["handle"] {
    return bindPeer(peers[name] as PeerDefinition<unknown, Peers[N]["handle"], Peers[N]["options"]>, options);
}
