/**
 * `cloud-patterns/sharding`: the routing algorithms the Sharding router uses, pure, for programs
 * of your own (a client that routes itself, a migration script, a capacity plan).
 */
export { keyHash64, keyHash128 } from "./key-hash";
export { md5Modulo } from "./modulo";
export { jump, jumpShard } from "./jump";
export { rendezvous, rendezvousChooser, type WeightedShard } from "./rendezvous";
export { rangeChooser, rangeProblems, type Bound, type RangeShard } from "./range";
export { geoChooser, geoProblems, type GeoRules, type RegionShard } from "./geo";
export { shardChooser, mapProblems, type RoutingMap, type RoutingShard, type Strategy } from "./chooser";
export { UnroutableKeyError } from "./unroutable";
