import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { migratePostgres } from "@/lib/db/migrate-postgres";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { createPgPool } from "@/lib/db/store/postgres/pg-pool";
import { PostgresStore } from "@/lib/db/store/postgres/postgres-store";
import { SqliteStore } from "@/lib/db/store/sqlite/sqlite-store";
import { PrismaClient as PgPrismaClient } from "@/lib/generated/prisma-pg/client";
import { startPgCluster, type PgCluster } from "../../scripts/db/pg-cluster";
import { createTempDatabase, type TempDatabase } from "./temp-database";

/** A Prisma client on the configuration tables, typed as SQLite's. */
export type ConfigPrisma = TempDatabase["db"];

export interface TwoEngines {
  cluster: PgCluster;
  pgUrl: string;
  /** The PostgreSQL store's pool. */
  pool: pg.Pool;
  sqlite: Sqlite;
  temp: TempDatabase;
  /** SQLite's, then PostgreSQL's: seed both alike by looping over them. */
  prismas: [ConfigPrisma, ConfigPrisma];
  stores: [SqliteStore, PostgresStore];
  close(): Promise<void>;
}

export interface TwoEnginesOptions {
  /** Makes the PostgreSQL database and returns its URL; by default a plain `CREATE DATABASE`. */
  createDatabase?: (cluster: PgCluster, name: string) => Promise<string>;
}

/**
 * Both engines side by side for parity tests: a migrated temporary SQLite
 * file and a migrated database `databaseName` in a throw-away PostgreSQL
 * cluster, each with a Prisma client and a store. `close` undoes it all.
 */
export async function startTwoEngines(databaseName: string, options: TwoEnginesOptions = {}): Promise<TwoEngines> {
  const cluster = await startPgCluster();
  try {
    const pgUrl = options.createDatabase ? await options.createDatabase(cluster, databaseName) : await cluster.createDatabase(databaseName);
    await migratePostgres(pgUrl);
    const temp = await createTempDatabase();
    const sqlite = openSqlite(temp.path);
    const pool = createPgPool(pgUrl);
    const pgPrisma = new PgPrismaClient({ adapter: new PrismaPg({ connectionString: pgUrl }) });
    const stores: [SqliteStore, PostgresStore] = [new SqliteStore(sqlite), new PostgresStore(pool)];
    return {
      cluster,
      pgUrl,
      pool,
      sqlite,
      temp,
      // Sound: PostgreSQL's client is generated from the same models (scripts/db/postgres-schema.ts); they differ only in
      // some time-series tables' 64-bit columns, which tests write through the stores, never through Prisma.
      prismas: [temp.db, pgPrisma as unknown as ConfigPrisma],
      stores,
      close: async () => {
        await stores[1].close();
        await pgPrisma.$disconnect();
        await stores[0].close();
        await temp.cleanup();
        await cluster.stop();
      },
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
