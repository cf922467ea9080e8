// npm run db:copy -- --from file:./data/proxypulse.db --to postgresql://user@host/proxypulse [--batch-size 5000]
// Copies a SQLite history into PostgreSQL (lib/db/copy): batched, resumable
// (run it again after an interruption), with counts checked at the end.
import { parseArgs } from "node:util";
import { CopyError, copySqliteToPostgres } from "../../lib/db/copy/copy-sqlite-to-postgres";
import { databaseFilePath, InvalidDatabaseUrlError, maskDatabaseUrl } from "../../lib/db/database-path";

const USAGE = "usage: npm run db:copy -- --from file:./data/proxypulse.db --to postgresql://user:password@host:5432/database [--batch-size 5000]";

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
if (!values.from || !values.to) fail(`--from and --to are both required\n${USAGE}`);
if (!/^postgres(ql)?:\/\//i.test(values.to)) fail(`--to must be a postgresql:// URL, got "${maskDatabaseUrl(values.to)}"`);
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
  await copySqliteToPostgres({ fromPath, toUrl: values.to, batchSize, onProgress: (line) => console.log(line) });
  console.log("Done. Keep the same secret key (PROXYPULSE_SECRET_KEY, or the secret.key file beside the SQLite database) for the PostgreSQL deployment: stored API keys and passwords are sealed with it.");
} catch (error) {
  if (error instanceof CopyError) fail(error.message);
  // A connection or SQL error: its text, never the URL's password.
  fail(String((error as Error).message ?? error).split(values.to).join(maskDatabaseUrl(values.to)));
}
