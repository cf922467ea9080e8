-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Target" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "probe" TEXT NOT NULL DEFAULT 'chat',
    "caFile" TEXT,
    "apiKeySecret" TEXT,
    "apiKeyEnv" TEXT,
    "timeoutMs" INTEGER,
    "intervalSeconds" INTEGER,
    "publicHost" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT NOT NULL DEFAULT 'api',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "pausedInFile" BOOLEAN NOT NULL DEFAULT false,
    "slowAboveMs" INTEGER,
    "slowWindow" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "provider" TEXT NOT NULL DEFAULT 'openai'
);
INSERT INTO "new_Target" ("apiKeyEnv", "apiKeySecret", "baseUrl", "caFile", "createdAt", "enabled", "id", "intervalSeconds", "model", "name", "pausedInFile", "probe", "publicHost", "slowAboveMs", "slowWindow", "source", "timeoutMs", "updatedAt") SELECT "apiKeyEnv", "apiKeySecret", "baseUrl", "caFile", "createdAt", "enabled", "id", "intervalSeconds", "model", "name", "pausedInFile", "probe", "publicHost", "slowAboveMs", "slowWindow", "source", "timeoutMs", "updatedAt" FROM "Target";
DROP TABLE "Target";
ALTER TABLE "new_Target" RENAME TO "Target";
CREATE UNIQUE INDEX "Target_name_key" ON "Target"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
