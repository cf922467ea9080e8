/**
 * How long connecting to PostgreSQL may take before it counts as unreachable:
 * a firewalled host or a frozen server accepts nothing or answers nothing,
 * and without a bound a start (or a pool's next connection) waits forever.
 */
export const PG_CONNECT_TIMEOUT_MS = 10_000;

/** The connection settings every PostgreSQL client of ours uses (the store's pool, Prisma's, the migration runner's). */
export function pgConnectionConfig(url: string): { connectionString: string; connectionTimeoutMillis: number; keepAlive: boolean } {
  // keepAlive: a connection whose server vanished (a host gone, a cut link) is noticed by the kernel instead of hanging.
  return { connectionString: url, connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS, keepAlive: true };
}
