/**
 * The key's hash every strategy starts from: MD5 of the key's UTF-8 bytes, as the catalogue's
 * example hashes it. MD5 is used for spread, not secrecy, and is in every Node build.
 */
import { hash } from "node:crypto";

function md5(key: string): Buffer {
    // The one-shot form: several times faster than createHash() for short inputs.
    return hash("md5", key, "buffer");
}

/** The first 64 bits of the key's MD5, big-endian: the input of {@link jump}. */
export function keyHash64(key: string): bigint {
    return md5(key).readBigUInt64BE(0);
}

/** The whole 128-bit MD5 as an integer: Python's `int(hashlib.md5(key).hexdigest(), 16)`. */
export function keyHash128(key: string): bigint {
    const digest = md5(key);
    return (digest.readBigUInt64BE(0) << 64n) | digest.readBigUInt64BE(8);
}
