// npm run secrets:forget [-- --yes]: the recovery when the secret key is lost
// for good. Clears the secrets entered in the dashboard (API keys, proxy
// passwords; channels made there are removed), so that ProxyPulse starts with
// a new key and they can be entered again. Secrets from proxypulse.yaml are
// sealed again from the file at the next start and need nothing.
import { existsSync } from "node:fs";
import { createDb } from "../../lib/db/client";
import { databaseFilePath, isPostgresUrl, maskDatabaseUrl } from "../../lib/db/database-path";
import { createPostgresDb } from "../../lib/db/postgres-client";
import { readEnv } from "../../lib/env";
import { forgetSealedSecrets, listIrreplaceableSecrets } from "../../lib/secrets/sealed-secrets";

const url = readEnv().DATABASE_URL;
let path: string;
let prisma;
if (isPostgresUrl(url)) {
  path = maskDatabaseUrl(url);
  prisma = createPostgresDb(url);
} else {
  path = databaseFilePath(url);
  if (!existsSync(path)) {
    console.error(`No database at ${path} (set DATABASE_URL to the one to repair).`);
    process.exit(1);
  }
  prisma = createDb(`file:${path}`);
}
try {
  const labels = (await listIrreplaceableSecrets(prisma)).map((secret) => secret.label);
  if (labels.length === 0) {
    console.log(`${path} holds no secrets entered in the dashboard: nothing to forget.`);
  } else if (!process.argv.includes("--yes")) {
    console.log(`${path} holds ${labels.length} secret(s) that only the lost key can open:\n${labels.map((label) => `  - ${label}`).join("\n")}`);
    console.log("Run again with --yes (npm run secrets:forget -- --yes) to clear them; then enter them again in the dashboard.");
  } else {
    const forgotten = await forgetSealedSecrets(prisma);
    console.log(`Cleared ${forgotten.length} secret(s):\n${forgotten.map((label) => `  - ${label}`).join("\n")}`);
    console.log("Start ProxyPulse again, then enter these API keys and proxy passwords (and re-create those notification channels) in the dashboard.");
  }
} finally {
  await prisma.$disconnect();
}
