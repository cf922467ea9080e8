-- AlterTable
ALTER TABLE "Proxy" ADD COLUMN "locations" TEXT;

-- AlterTable
ALTER TABLE "Target" ADD COLUMN "locations" TEXT;

-- CreateTable
CREATE TABLE "Location" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "region" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'agent',
    "source" TEXT NOT NULL DEFAULT 'api',
    "tokenHash" TEXT,
    "tokenCreatedAt" DATETIME,
    "revokedAt" DATETIME,
    "lastSeenAt" DATETIME,
    "agentVersion" TEXT,
    "clockOffsetMs" INTEGER,
    "spooled" INTEGER NOT NULL DEFAULT 0,
    "online" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- The hub itself: every existing route is probed from here.
INSERT INTO "Location" ("id", "name", "kind", "source", "createdAt", "updatedAt")
VALUES (1, 'local', 'local', 'builtin', CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000);

-- CreateTable
CREATE TABLE "AgentStream" (
    "locationId" INTEGER NOT NULL,
    "streamId" TEXT NOT NULL,
    "lastSeq" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("locationId", "streamId"),
    CONSTRAINT "AgentStream_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RoutePlacement" (
    "proxyId" INTEGER NOT NULL,
    "targetId" INTEGER NOT NULL,
    "locations" TEXT NOT NULL,

    PRIMARY KEY ("proxyId", "targetId")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Route" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "proxyId" INTEGER NOT NULL,
    "targetId" INTEGER NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "intervalSeconds" INTEGER,
    "state" TEXT NOT NULL DEFAULT 'unknown',
    "stateChangedAt" DATETIME,
    "okStreak" INTEGER NOT NULL DEFAULT 0,
    "failStreak" INTEGER NOT NULL DEFAULT 0,
    "lastProbeAt" DATETIME,
    "lastOk" BOOLEAN,
    "lastKind" TEXT,
    "lastTotalMs" REAL,
    "lastFailAt" DATETIME,
    "lastFailKind" TEXT,
    "skippedSlots" INTEGER NOT NULL DEFAULT 0,
    "slowAboveMs" INTEGER,
    "slowWindow" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locationId" INTEGER NOT NULL DEFAULT 1,
    "assigned" BOOLEAN NOT NULL DEFAULT true,
    CONSTRAINT "Route_proxyId_fkey" FOREIGN KEY ("proxyId") REFERENCES "Proxy" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Route_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Route_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Route" ("createdAt", "enabled", "failStreak", "id", "intervalSeconds", "lastFailAt", "lastFailKind", "lastKind", "lastOk", "lastProbeAt", "lastTotalMs", "okStreak", "proxyId", "skippedSlots", "slowAboveMs", "slowWindow", "state", "stateChangedAt", "targetId") SELECT "createdAt", "enabled", "failStreak", "id", "intervalSeconds", "lastFailAt", "lastFailKind", "lastKind", "lastOk", "lastProbeAt", "lastTotalMs", "okStreak", "proxyId", "skippedSlots", "slowAboveMs", "slowWindow", "state", "stateChangedAt", "targetId" FROM "Route";
DROP TABLE "Route";
ALTER TABLE "new_Route" RENAME TO "Route";
CREATE INDEX "Route_locationId_idx" ON "Route"("locationId");
CREATE UNIQUE INDEX "Route_proxyId_targetId_locationId_key" ON "Route"("proxyId", "targetId", "locationId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Location_name_key" ON "Location"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Location_tokenHash_key" ON "Location"("tokenHash");
