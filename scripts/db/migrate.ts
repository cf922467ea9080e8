// npm run db:migrate: applies the migrations to DATABASE_URL (default ./data/proxypulse.db; a postgresql:// URL takes prisma/postgresql/migrations).
import { databaseFilePath, isPostgresUrl, maskDatabaseUrl } from "../../lib/db/database-path";
import { migrateDatabase } from "../../lib/db/migrate";
import { migratePostgres } from "../../lib/db/migrate-postgres";
import { DatabaseUnreachableError, isConnectionError } from "../../lib/db/open-database";
import { readEnv } from "../../lib/env";

const url = readEnv().DATABASE_URL;
/** PostgreSQL's migrations, or one line saying why the server cannot be used (as a start says it), exit code 1. */
async function migrateOnPostgres(postgresUrl: string) {
  try {
    return await migratePostgres(postgresUrl);
  } catch (error) {
    if (!isConnectionError(error)) throw error;
    console.error(new DatabaseUnreachableError(maskDatabaseUrl(postgresUrl), error).message);
    process.exit(1);
  }
}
const [name, report] = isPostgresUrl(url) ? [maskDatabaseUrl(url), await migrateOnPostgres(url)] : [databaseFilePath(url), migrateDatabase(databaseFilePath(url))];
console.log(
  report.applied.length
    ? `Applied ${report.applied.length} migration(s) to ${name}: ${report.applied.join(", ")}`
    : `${name} is up to date (${report.alreadyApplied.length} migration(s) applied).`,
);
