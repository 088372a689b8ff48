/**
 * Real test peers for store adapters: call `usePeer(name)` inside a mocha
 * `describe`; the peer starts on first use (one per process, shared, counted),
 * and stops when the last suite is done or the run ends. The peers themselves are
 * shipped code (plan/dev/peers: `cloud-patterns dev` starts them too). See docs/testing.md.
 */
import { peers, type PeerName, type Peers } from "../../../plan/dev/peers";
import type { PeerDefinition } from "../../../plan/dev/peers/peer";
import { bindPeer } from "./use-peer";

export * from "../../../plan/dev/peers";

/**
 * Registers before/after hooks on the calling `describe` and returns the peer's
 * handle for this suite, filled in before its tests run. A peer missing from
 * the machine is installed or fetched on first need (once per run); one that
 * cannot be had skips its suites (one line naming what to run), or fails them when CI=true.
 */
export function usePeer<N extends PeerName>(name: N, options?: Peers[N]["options"]): Peers[N]["handle"] {
    return bindPeer(peers[name] as PeerDefinition<unknown, Peers[N]["handle"], Peers[N]["options"]>, options);
}
