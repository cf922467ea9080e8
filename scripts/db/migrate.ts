// npm run db:migrate: applies the migrations to DATABASE_URL (default ./data/proxypulse.db; a postgresql:// URL takes prisma/postgresql/migrations).
import { databaseFilePath, isPostgresUrl, maskDatabaseUrl } from "../../lib/db/database-path";
import { migrateDatabase } from "../../lib/db/migrate";
import { migratePostgres } from "../../lib/db/migrate-postgres";
import { readEnv } from "../../lib/env";

const url = readEnv().DATABASE_URL;
const [name, report] = isPostgresUrl(url) ? [maskDatabaseUrl(url), await migratePostgres(url)] : [databaseFilePath(url), migrateDatabase(databaseFilePath(url))];
console.log(
  report.applied.length
    ? `Applied ${report.applied.length} migration(s) to ${name}: ${report.applied.join(", ")}`
    : `${name} is up to date (${report.alreadyApplied.length} migration(s) applied).`,
);
