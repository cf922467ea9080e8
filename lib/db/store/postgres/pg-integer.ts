/** The largest value of PostgreSQL's `integer`, what Prisma makes of `Int`. */
const INT_MAX = 2_147_483_647;

/**
 * A figure from a probe (an upstream's header, an answer's usage, a timing
 * in hundredths) as an `integer` column can hold it: a fraction rounded, a
 * value out of range or not a number unknown (null). SQLite's INTEGER
 * columns take such values as they are; on PostgreSQL one of them would
 * fail the statement, and with it every result of the batch (the writer
 * drops a batch on an error that is not the storage's; an agent would send
 * its batch again and again).
 */
export function fitInteger(value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const rounded = Math.round(value);
  return rounded >= -INT_MAX - 1 && rounded <= INT_MAX ? rounded : null;
}

/** The same for a `bigint` column (scripts/db/postgres-schema.ts BIGINT_FIELDS): any integer a number holds exactly. */
export function fitBigInteger(value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const rounded = Math.round(value);
  return Number.isSafeInteger(rounded) ? rounded : null;
}
