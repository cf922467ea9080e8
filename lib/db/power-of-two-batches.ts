/** The most rows or ids one Prisma statement carries (well under SQLite's 999 bound parameters). */
export const MAX_BATCH = 256;

/**
 * Splits a list (of ids for an `in` filter) into batches whose sizes are
 * powers of two, at most `max`: a list longer than the database's
 * bound-parameter limit fails outright (Prisma's P2029), and Prisma compiles
 * and caches a query plan per statement shape, so with powers of two at most
 * log2(max) + 1 shapes are ever compiled.
 */
export function powerOfTwoBatches<T>(items: readonly T[], max: number = MAX_BATCH): T[][] {
  const batches: T[][] = [];
  let at = 0;
  while (at < items.length) {
    let size = max;
    while (size > items.length - at) size /= 2;
    batches.push(items.slice(at, at + size));
    at += size;
  }
  return batches;
}
