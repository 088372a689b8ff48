import { Pool } from "pg";
import { postgresShardStore, shardTableSchema } from "../../handlers/stores/shards/postgres";
import { dropDatabase } from "../../plan/dev/peers/postgres";
import { usePeer } from "../support/peers";
import { shardStoreContract } from "./shard-store.contract";

// A real PostgreSQL server: each shard is a database of its own, as in the cloud, reached by a pool.
shardStoreContract("PostgreSQL (server, pg; a database per shard)", () => {
    const peer = usePeer("postgres");
    const pools: Pool[] = [];
    const databases: string[] = [];
    return {
        async open(name) {
            const database = `${peer.namespace}_${name}`;
            const admin = peer.client();
            await admin.connect();
            await admin.query(`create database "${database}"`);
            await admin.end();
            databases.push(database);
            const pool = new Pool({ connectionString: peer.connectionString.replace(/\/[^/]+$/, `/${database}`), max: 8 });
            pools.push(pool);
            await pool.query(shardTableSchema());
            return postgresShardStore(pool);
        },
        async close() {
            await Promise.all(pools.map((p) => p.end()));
            const admin = peer.client();
            await admin.connect();
            for (const database of databases) await dropDatabase(admin, database);
            await admin.end();
        },
    };
});
