import type { PGlite } from "@electric-sql/pglite";
import type { PeerBasics, PeerDefinition } from "./peer";
import { npmPackage } from "./npm-package";

/** What the shared PGlite instance gives a suite: a schema of its own, first on the search_path. */
export interface PglitePeer extends PeerBasics {
    /** The process's one PGlite (PostgreSQL 18 in WebAssembly); single connection. */
    readonly db: PGlite;
    /** The suite's schema; dropped (cascade) after the suite. */
    readonly schema: string;
}

/**
 * PGlite in this process. One instance per process (~760 MB RSS, ~2 s cold
 * start), shared by every suite; each suite works in its own schema.
 * Gap: one connection, so no concurrent transactions or LISTEN across clients.
 */
export const pglite: PeerDefinition<PGlite, PglitePeer> = {
    name: "pglite",
    requires: [npmPackage("@electric-sql/pglite")],
    async start() {
        const { PGlite } = require("@electric-sql/pglite") as typeof import("@electric-sql/pglite");
        const db = await PGlite.create();
        await db.query("select 1");
        return { shared: db, pids: () => [], stop: () => db.close(), kill: () => undefined };
    },
    async open(db, _options, namespace) {
        const schema = namespace;
        await db.exec(`create schema "${schema}"; set search_path to "${schema}", public`);
        return {
            handle: { endpoint: "memory://pglite", namespace, db, schema, env: {} },
            close: () => db.exec(`drop schema if exists "${schema}" cascade; set search_path to public`).then(() => undefined),
        };
    },
};
