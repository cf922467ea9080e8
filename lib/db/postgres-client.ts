import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresPrismaClient } from "../generated/prisma-pg/client";
import type { Db } from "./client";
import { pgConnectionConfig } from "./pg-connection";

/**
 * A Prisma client on PostgreSQL (the client generated from
 * prisma/postgresql/schema.prisma, through @prisma/adapter-pg), used as the
 * same `Db` as SQLite's: both are generated from the same models, so every
 * configuration query has the same shape. They differ only in the 64-bit
 * ids of ProbeResult, RouteEvent and OutboxMessage, which no configuration
 * code reads through Prisma (those tables go through the store).
 */
export function createPostgresDb(url: string): Db {
  return new PostgresPrismaClient({ adapter: new PrismaPg(pgConnectionConfig(url)) }) as unknown as Db;
}
