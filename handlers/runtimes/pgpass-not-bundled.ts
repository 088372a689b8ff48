/**
 * What packages are bundled with in place of `pgpass` (components/platform/bundle.ts aliases it
 * here). pg reads a `.pgpass` file only for a client given no password (Client#_getPassword); the
 * stores' pool always gives a function (handlers/stores/clients/postgres-pool.ts: a secret or an
 * identity token per connection), so that path never runs in a function, where no `.pgpass` file
 * exists either. pgpass and split2 cost 4 KiB of every PostgreSQL package. pg catches this throw
 * and fails the connection with it.
 */
export = function pgpass(): never {
    throw new Error("pgpass is not bundled: the PostgreSQL pool must be given a password or a token function");
};
