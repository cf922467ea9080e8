// DATABASE_URL=postgresql://user:password@host/proxypulse npm run db:copy -- --from file:./data/proxypulse.db [--batch-size 5000]
// (or --to postgresql://…, which every local user can read in the process list while the copy runs)
// Copies a SQLite history into PostgreSQL (lib/db/copy): batched, resumable
// (run it again after an interruption), with counts checked at the end.
import { parseArgs } from "node:util";
import { CopyError, copySqliteToPostgres } from "../../lib/db/copy/copy-sqlite-to-postgres";
import { databaseFilePath, InvalidDatabaseUrlError, maskDatabaseUrl } from "../../lib/db/database-path";

const USAGE =
  "usage: DATABASE_URL=postgresql://user:password@host:5432/database npm run db:copy -- --from file:./data/proxypulse.db [--batch-size 5000]\n" +
  "   or: npm run db:copy -- --from file:./data/proxypulse.db --to postgresql://… (the URL, password included, then shows in the process list)";

function fail(message: string): never {
  console.error(`db:copy: ${message}`);
  process.exit(1);
}

let values: { from?: string; to?: string; "batch-size"?: string };
try {
  ({ values } = parseArgs({ options: { from: { type: "string" }, to: { type: "string" }, "batch-size": { type: "string" } }, strict: true }));
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
// The target from the environment keeps its password out of the process list (an environment is its owner's to read).
const toUrl = values.to ?? process.env.DATABASE_URL;
if (!values.from || !toUrl) fail(`--from is required, and the target: DATABASE_URL or --to\n${USAGE}`);
if (!/^postgres(ql)?:\/\//i.test(toUrl)) fail(`${values.to ? "--to" : "DATABASE_URL"} must be a postgresql:// URL, got "${maskDatabaseUrl(toUrl)}"`);
const batchSize = values["batch-size"] === undefined ? 5000 : Number(values["batch-size"]);
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) fail(`--batch-size must be a whole number from 1 to 100000, got "${values["batch-size"]}"`);

let fromPath: string;
try {
  fromPath = databaseFilePath(values.from);
} catch (error) {
  if (error instanceof InvalidDatabaseUrlError) fail(`--from must be a SQLite file URL such as file:./data/proxypulse.db, got "${maskDatabaseUrl(values.from)}"`);
  throw error;
}

try {
  await copySqliteToPostgres({ fromPath, toUrl, batchSize, onProgress: (line) => console.log(line) });
  console.log("Done. Keep the same secret key (PROXYPULSE_SECRET_KEY, or the secret.key file beside the SQLite database) for the PostgreSQL deployment: stored API keys and passwords are sealed with it.");
} catch (error) {
  if (error instanceof CopyError) fail(error.message);
  // A connection or SQL error: its text, never the URL's password.
  fail(String((error as Error).message ?? error).split(toUrl).join(maskDatabaseUrl(toUrl)));
}
