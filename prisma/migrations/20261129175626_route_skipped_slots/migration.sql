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
    "skippedSlots" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Route_proxyId_fkey" FOREIGN KEY ("proxyId") REFERENCES "Proxy" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Route_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Route" ("createdAt", "enabled", "failStreak", "id", "intervalSeconds", "lastKind", "lastOk", "lastProbeAt", "lastTotalMs", "okStreak", "proxyId", "state", "stateChangedAt", "targetId") SELECT "createdAt", "enabled", "failStreak", "id", "intervalSeconds", "lastKind", "lastOk", "lastProbeAt", "lastTotalMs", "okStreak", "proxyId", "state", "stateChangedAt", "targetId" FROM "Route";
DROP TABLE "Route";
ALTER TABLE "new_Route" RENAME TO "Route";
CREATE UNIQUE INDEX "Route_proxyId_targetId_key" ON "Route"("proxyId", "targetId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
