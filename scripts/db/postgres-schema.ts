import { readFileSync } from "node:fs";
import { join } from "node:path";

export const SQLITE_SCHEMA = join("prisma", "schema.prisma");
export const POSTGRES_SCHEMA = join("prisma", "postgresql", "schema.prisma");
export const POSTGRES_MIGRATIONS = join("prisma", "postgresql", "migrations");

const HEADER = `// GENERATED from prisma/schema.prisma by \`npm run db:schemas\`: do not edit.
// The same models on PostgreSQL (docs/design/postgresql.md); its client is
// generated into lib/generated/prisma-pg.
`;

/**
 * Tables that grow with every probe or alert, whose ids need 64 bits on
 * PostgreSQL (`SERIAL` is 32-bit: 10,000 routes a minute pass 2^31 results in
 * four years). SQLite's integer keys are 64-bit already, and there a BigInt
 * key would stop being the rowid (a bigger table); no code reads these
 * tables through Prisma, so the two clients may differ here.
 */
const BIGINT_IDS = ["ProbeResult", "RouteEvent", "OutboxMessage"];

/**
 * Figures whose values can pass 2^31 (a quota reset or a retry-after of
 * weeks in ms, a day's token sums), 64-bit on PostgreSQL: its `integer`
 * refuses them (lib/db/store/postgres/pg-integer.ts keeps the rest in
 * range), where SQLite's INTEGER holds 64 bits anyway. The store reads and
 * writes them through pg (int8 read as a number); Prisma never reads them.
 */
const BIGINT_FIELDS: Record<string, string[]> = {
  ProbeResult: ["resetRequestsMs", "resetTokensMs", "retryAfterMs"],
  QuotaSnapshot: ["limitRequests", "remainingRequests", "resetRequestsMs", "limitTokens", "remainingTokens", "resetTokensMs"],
  TargetTokenDay: ["promptTokens", "completionTokens"],
};

/**
 * prisma/postgresql/schema.prisma as it must read: the SQLite schema with its
 * datasource's provider, its client's output and the growing tables' id
 * type and the wide figures' type changed, nothing else (the models are one source of truth; a test
 * fails when the file is stale).
 */
export function derivePostgresSchema(root: string = process.cwd()): string {
  let source = readFileSync(join(root, SQLITE_SCHEMA), "utf8");
  for (const model of BIGINT_IDS) {
    source = replaceOnce(source, new RegExp(`(model ${model} \\{\\s*id\\s+)Int(\\s+)`), "$1BigInt$2");
  }
  for (const [model, fields] of Object.entries(BIGINT_FIELDS)) {
    for (const field of fields) source = widenField(source, model, field);
  }
  const swapped = replaceOnce(
    replaceOnce(source, /(datasource db \{\s*provider\s*=\s*)"sqlite"/, '$1"postgresql"'),
    /(generator client \{[^}]*output\s*=\s*)"\.\.\/lib\/generated\/prisma"/,
    '$1"../../lib/generated/prisma-pg"',
  );
  return HEADER + swapped;
}

/** The field's `Int` (or `Int?`) in that model's block made `BigInt`. */
function widenField(source: string, model: string, field: string): string {
  const block = new RegExp(`model ${model} \\{[^}]*\\}`).exec(source);
  if (!block) throw new Error(`prisma/schema.prisma no longer has model ${model}: update scripts/db/postgres-schema.ts`);
  const widened = replaceOnce(block[0], new RegExp(`(\\n\\s*${field}\\s+)Int(\\??\\s)`), "$1BigInt$2");
  return source.slice(0, block.index) + widened + source.slice(block.index + block[0].length);
}

function replaceOnce(text: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(text)) throw new Error(`prisma/schema.prisma no longer has ${pattern}: update scripts/db/postgres-schema.ts`);
  return text.replace(pattern, replacement);
}
