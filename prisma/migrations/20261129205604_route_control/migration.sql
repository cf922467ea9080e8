-- AlterTable
ALTER TABLE "Route" ADD COLUMN "lastFailAt" DATETIME;
ALTER TABLE "Route" ADD COLUMN "lastFailKind" TEXT;
ALTER TABLE "Route" ADD COLUMN "slowAboveMs" INTEGER;
ALTER TABLE "Route" ADD COLUMN "slowWindow" INTEGER;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Proxy" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "passwordSecret" TEXT,
    "passwordEnv" TEXT,
    "publicHost" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT NOT NULL DEFAULT 'api',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "pausedInFile" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Proxy" ("createdAt", "id", "name", "passwordEnv", "passwordSecret", "publicHost", "source", "updatedAt", "url") SELECT "createdAt", "id", "name", "passwordEnv", "passwordSecret", "publicHost", "source", "updatedAt", "url" FROM "Proxy";
DROP TABLE "Proxy";
ALTER TABLE "new_Proxy" RENAME TO "Proxy";
CREATE UNIQUE INDEX "Proxy_name_key" ON "Proxy"("name");
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
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Target" ("apiKeyEnv", "apiKeySecret", "baseUrl", "caFile", "createdAt", "id", "intervalSeconds", "model", "name", "probe", "publicHost", "source", "timeoutMs", "updatedAt") SELECT "apiKeyEnv", "apiKeySecret", "baseUrl", "caFile", "createdAt", "id", "intervalSeconds", "model", "name", "probe", "publicHost", "source", "timeoutMs", "updatedAt" FROM "Target";
DROP TABLE "Target";
ALTER TABLE "new_Target" RENAME TO "Target";
CREATE UNIQUE INDEX "Target_name_key" ON "Target"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Backfill: each route's newest failure from the raw results kept.
UPDATE "Route" SET
  "lastFailAt" = (SELECT MAX("at") FROM "ProbeResult" WHERE "routeId" = "Route"."id" AND "ok" = 0),
  "lastFailKind" = (SELECT "kind" FROM "ProbeResult" WHERE "routeId" = "Route"."id" AND "ok" = 0 ORDER BY "at" DESC LIMIT 1);
