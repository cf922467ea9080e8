// npm run db:migrate: applies prisma/migrations to DATABASE_URL (default ./data/proxypulse.db).
import { databaseFilePath } from "../../lib/db/database-path";
import { migrateDatabase } from "../../lib/db/migrate";
import { readEnv } from "../../lib/env";

const path = databaseFilePath(readEnv().DATABASE_URL);
const report = migrateDatabase(path);
console.log(
  report.applied.length
    ? `Applied ${report.applied.length} migration(s) to ${path}: ${report.applied.join(", ")}`
    : `${path} is up to date (${report.alreadyApplied.length} migration(s) applied).`,
);
