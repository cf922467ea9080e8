-- CreateTable
CREATE TABLE "Target" (
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
    "source" TEXT NOT NULL DEFAULT 'api',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Proxy" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "passwordSecret" TEXT,
    "passwordEnv" TEXT,
    "source" TEXT NOT NULL DEFAULT 'api',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Route" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Route_proxyId_fkey" FOREIGN KEY ("proxyId") REFERENCES "Proxy" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Route_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProbeResult" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "routeId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "kind" TEXT NOT NULL,
    "layer" TEXT,
    "httpStatus" INTEGER,
    "apiErrorCode" TEXT,
    "message" TEXT,
    "requestId" TEXT,
    "dnsMs" REAL,
    "connectMs" REAL,
    "tunnelMs" REAL,
    "tlsMs" REAL,
    "ttfbMs" REAL,
    "totalMs" REAL,
    "limitRequests" INTEGER,
    "remainingRequests" INTEGER,
    "resetRequestsMs" INTEGER,
    "limitTokens" INTEGER,
    "remainingTokens" INTEGER,
    "resetTokensMs" INTEGER,
    "retryAfterMs" INTEGER,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    CONSTRAINT "ProbeResult_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "Route" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RollupMinute" (
    "routeId" INTEGER NOT NULL,
    "bucket" DATETIME NOT NULL,
    "total" INTEGER NOT NULL,
    "okCount" INTEGER NOT NULL,
    "kindCounts" TEXT NOT NULL,
    "latencySumMs" REAL NOT NULL DEFAULT 0,
    "latencyMinMs" REAL,
    "latencyMaxMs" REAL,
    "latencyHist" TEXT NOT NULL,
    "dnsSumMs" REAL NOT NULL DEFAULT 0,
    "connectSumMs" REAL NOT NULL DEFAULT 0,
    "tunnelSumMs" REAL NOT NULL DEFAULT 0,
    "tlsSumMs" REAL NOT NULL DEFAULT 0,
    "ttfbSumMs" REAL NOT NULL DEFAULT 0,

    PRIMARY KEY ("routeId", "bucket"),
    CONSTRAINT "RollupMinute_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "Route" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RollupHour" (
    "routeId" INTEGER NOT NULL,
    "bucket" DATETIME NOT NULL,
    "total" INTEGER NOT NULL,
    "okCount" INTEGER NOT NULL,
    "kindCounts" TEXT NOT NULL,
    "latencySumMs" REAL NOT NULL DEFAULT 0,
    "latencyMinMs" REAL,
    "latencyMaxMs" REAL,
    "latencyHist" TEXT NOT NULL,
    "dnsSumMs" REAL NOT NULL DEFAULT 0,
    "connectSumMs" REAL NOT NULL DEFAULT 0,
    "tunnelSumMs" REAL NOT NULL DEFAULT 0,
    "tlsSumMs" REAL NOT NULL DEFAULT 0,
    "ttfbSumMs" REAL NOT NULL DEFAULT 0,

    PRIMARY KEY ("routeId", "bucket"),
    CONSTRAINT "RollupHour_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "Route" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RouteEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "routeId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "fromState" TEXT NOT NULL,
    "toState" TEXT NOT NULL,
    "kind" TEXT,
    "message" TEXT,
    CONSTRAINT "RouteEvent_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "Route" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "QuotaSnapshot" (
    "targetId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "routeId" INTEGER,
    "limitRequests" INTEGER,
    "remainingRequests" INTEGER,
    "resetRequestsMs" INTEGER,
    "limitTokens" INTEGER,
    "remainingTokens" INTEGER,
    "resetTokensMs" INTEGER,
    "exhausted" BOOLEAN NOT NULL DEFAULT false,
    "lastKind" TEXT,
    CONSTRAINT "QuotaSnapshot_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SchedulerLease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "renewedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Target_name_key" ON "Target"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Proxy_name_key" ON "Proxy"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Route_proxyId_targetId_key" ON "Route"("proxyId", "targetId");

-- CreateIndex
CREATE INDEX "ProbeResult_routeId_at_idx" ON "ProbeResult"("routeId", "at");

-- CreateIndex
CREATE INDEX "ProbeResult_at_idx" ON "ProbeResult"("at");

-- CreateIndex
CREATE INDEX "RollupMinute_bucket_idx" ON "RollupMinute"("bucket");

-- CreateIndex
CREATE INDEX "RollupHour_bucket_idx" ON "RollupHour"("bucket");

-- CreateIndex
CREATE INDEX "RouteEvent_routeId_at_idx" ON "RouteEvent"("routeId", "at");

-- CreateIndex
CREATE INDEX "RouteEvent_at_idx" ON "RouteEvent"("at");
