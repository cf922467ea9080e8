/** The largest value of PostgreSQL's `integer`, what Prisma makes of `Int`. */
const INT_MAX = 2_147_483_647;

/**
 * A figure from a probe (an upstream's header, an answer's usage, a timing
 * in hundredths) as its column can hold it: a fraction rounded, a value out
 * of range or not a number unknown (null). `int` is PostgreSQL's 32-bit
 * integer; `int8` a bigint column (scripts/db/postgres-schema.ts
 * BIGINT_FIELDS), which takes any whole number a number holds exactly.
 * SQLite's INTEGER columns take such values as they are; on PostgreSQL one
 * of them would fail the statement, and with it every result of the batch
 * (the writer drops a batch on an error that is not the storage's; an agent
 * would send its batch again and again).
 */
export function fitInteger(value: number | null | undefined, column: "int" | "int8" = "int"): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const rounded = Math.round(value);
  if (column === "int8") return Number.isSafeInteger(rounded) ? rounded : null;
  return rounded >= -INT_MAX - 1 && rounded <= INT_MAX ? rounded : null;
}
