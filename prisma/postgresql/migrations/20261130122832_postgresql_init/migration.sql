-- CreateTable
CREATE TABLE "Target" (
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "provider" TEXT NOT NULL DEFAULT 'openai',
    "paidProbeEvery" INTEGER NOT NULL DEFAULT 1,
    "manualOnly" BOOLEAN NOT NULL DEFAULT false,
    "locations" TEXT,

    CONSTRAINT "Target_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Proxy" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "passwordSecret" TEXT,
    "passwordEnv" TEXT,
    "publicHost" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT NOT NULL DEFAULT 'api',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "pausedInFile" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "locations" TEXT,

    CONSTRAINT "Proxy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Route" (
    "id" SERIAL NOT NULL,
    "proxyId" INTEGER NOT NULL,
    "targetId" INTEGER NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "intervalSeconds" INTEGER,
    "state" TEXT NOT NULL DEFAULT 'unknown',
    "stateChangedAt" TIMESTAMP(3),
    "okStreak" INTEGER NOT NULL DEFAULT 0,
    "failStreak" INTEGER NOT NULL DEFAULT 0,
    "lastProbeAt" TIMESTAMP(3),
    "lastOk" BOOLEAN,
    "lastKind" TEXT,
    "lastTotalMs" DOUBLE PRECISION,
    "lastFailAt" TIMESTAMP(3),
    "lastFailKind" TEXT,
    "skippedSlots" INTEGER NOT NULL DEFAULT 0,
    "slowAboveMs" INTEGER,
    "slowWindow" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locationId" INTEGER NOT NULL DEFAULT 1,
    "assigned" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "Route_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProbeResult" (
    "id" BIGSERIAL NOT NULL,
    "routeId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "kindCode" INTEGER NOT NULL,
    "layerCode" INTEGER,
    "httpStatus" INTEGER,
    "totalMsX100" INTEGER,
    "ttfbMsX100" INTEGER,
    "connectMsX100" INTEGER,
    "tlsMsX100" INTEGER,
    "dnsMsX100" INTEGER,
    "tunnelMsX100" INTEGER,
    "remainingRequests" INTEGER,
    "remainingTokens" INTEGER,
    "limitRequests" INTEGER,
    "limitTokens" INTEGER,
    "resetRequestsMs" INTEGER,
    "resetTokensMs" INTEGER,
    "retryAfterMs" INTEGER,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    "message" TEXT,
    "apiErrorCode" TEXT,
    "requestId" TEXT,
    "ttftMsX100" INTEGER,
    "streamMsX100" INTEGER,
    "maxGapMsX100" INTEGER,
    "streamChunks" INTEGER,
    "midStream" INTEGER,

    CONSTRAINT "ProbeResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RollupMinute" (
    "routeId" INTEGER NOT NULL,
    "bucket" TIMESTAMP(3) NOT NULL,
    "total" INTEGER NOT NULL,
    "okCount" INTEGER NOT NULL,
    "kindCounts" TEXT NOT NULL,
    "latencySumMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "latencyMinMs" DOUBLE PRECISION,
    "latencyMaxMs" DOUBLE PRECISION,
    "latencyHist" TEXT NOT NULL,
    "dnsSumMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "connectSumMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "tunnelSumMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "tlsSumMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "ttfbSumMs" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "RollupMinute_pkey" PRIMARY KEY ("routeId","bucket")
);

-- CreateTable
CREATE TABLE "RollupHour" (
    "routeId" INTEGER NOT NULL,
    "bucket" TIMESTAMP(3) NOT NULL,
    "total" INTEGER NOT NULL,
    "okCount" INTEGER NOT NULL,
    "kindCounts" TEXT NOT NULL,
    "latencySumMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "latencyMinMs" DOUBLE PRECISION,
    "latencyMaxMs" DOUBLE PRECISION,
    "latencyHist" TEXT NOT NULL,
    "dnsSumMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "connectSumMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "tunnelSumMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "tlsSumMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "ttfbSumMs" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "RollupHour_pkey" PRIMARY KEY ("routeId","bucket")
);

-- CreateTable
CREATE TABLE "RouteEvent" (
    "id" BIGSERIAL NOT NULL,
    "routeId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "fromState" TEXT NOT NULL,
    "toState" TEXT NOT NULL,
    "kind" TEXT,
    "message" TEXT,

    CONSTRAINT "RouteEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuotaSnapshot" (
    "targetId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "routeId" INTEGER,
    "limitRequests" INTEGER,
    "remainingRequests" INTEGER,
    "resetRequestsMs" INTEGER,
    "limitTokens" INTEGER,
    "remainingTokens" INTEGER,
    "resetTokensMs" INTEGER,
    "exhausted" BOOLEAN NOT NULL DEFAULT false,
    "lastKind" TEXT,

    CONSTRAINT "QuotaSnapshot_pkey" PRIMARY KEY ("targetId")
);

-- CreateTable
CREATE TABLE "SchedulerLease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "renewedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SchedulerLease_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "ProbeCounter" (
    "routeId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ProbeCounter_pkey" PRIMARY KEY ("routeId","kind")
);

-- CreateTable
CREATE TABLE "LatencyCounter" (
    "routeId" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "sumMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "buckets" TEXT NOT NULL,

    CONSTRAINT "LatencyCounter_pkey" PRIMARY KEY ("routeId")
);

-- CreateTable
CREATE TABLE "RouteSummary" (
    "routeId" INTEGER NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,
    "windows" TEXT NOT NULL,

    CONSTRAINT "RouteSummary_pkey" PRIMARY KEY ("routeId")
);

-- CreateTable
CREATE TABLE "RouteSummaryStale" (
    "routeId" INTEGER NOT NULL,

    CONSTRAINT "RouteSummaryStale_pkey" PRIMARY KEY ("routeId")
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" SERIAL NOT NULL,
    "routeId" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "kind" TEXT,
    "note" TEXT,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationChannel" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "settingsSecret" TEXT NOT NULL,
    "lang" TEXT NOT NULL DEFAULT 'en',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "source" TEXT NOT NULL DEFAULT 'api',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotificationChannel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" BIGSERIAL NOT NULL,
    "channelId" INTEGER NOT NULL,
    "eventKey" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertState" (
    "key" TEXT NOT NULL,
    "lastSentAt" TIMESTAMP(3),
    "suppressed" INTEGER NOT NULL DEFAULT 0,
    "level" TEXT,

    CONSTRAINT "AlertState_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "MaintenanceWindow" (
    "id" SERIAL NOT NULL,
    "routes" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "note" TEXT,
    "repeat" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MaintenanceWindow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "DashboardSession" (
    "idHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DashboardSession_pkey" PRIMARY KEY ("idHash")
);

-- CreateTable
CREATE TABLE "TargetTokenDay" (
    "targetId" INTEGER NOT NULL,
    "day" TIMESTAMP(3) NOT NULL,
    "promptTokens" INTEGER NOT NULL DEFAULT 0,
    "completionTokens" INTEGER NOT NULL DEFAULT 0,
    "probes" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "TargetTokenDay_pkey" PRIMARY KEY ("targetId","day")
);

-- CreateTable
CREATE TABLE "Location" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "region" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'agent',
    "source" TEXT NOT NULL DEFAULT 'api',
    "tokenHash" TEXT,
    "tokenCreatedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "lastSeenAt" TIMESTAMP(3),
    "agentVersion" TEXT,
    "clockOffsetMs" INTEGER,
    "spooled" INTEGER NOT NULL DEFAULT 0,
    "online" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Location_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentStream" (
    "locationId" INTEGER NOT NULL,
    "streamId" TEXT NOT NULL,
    "lastSeq" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AgentStream_pkey" PRIMARY KEY ("locationId","streamId")
);

-- CreateTable
CREATE TABLE "RoutePlacement" (
    "proxyId" INTEGER NOT NULL,
    "targetId" INTEGER NOT NULL,
    "locations" TEXT NOT NULL,

    CONSTRAINT "RoutePlacement_pkey" PRIMARY KEY ("proxyId","targetId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Target_name_key" ON "Target"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Proxy_name_key" ON "Proxy"("name");

-- CreateIndex
CREATE INDEX "Route_locationId_idx" ON "Route"("locationId");

-- CreateIndex
CREATE UNIQUE INDEX "Route_proxyId_targetId_locationId_key" ON "Route"("proxyId", "targetId", "locationId");

-- CreateIndex
CREATE INDEX "ProbeResult_routeId_at_idx" ON "ProbeResult"("routeId", "at");

-- CreateIndex
CREATE INDEX "RollupMinute_bucket_idx" ON "RollupMinute"("bucket");

-- CreateIndex
CREATE INDEX "RollupHour_bucket_idx" ON "RollupHour"("bucket");

-- CreateIndex
CREATE INDEX "RouteEvent_routeId_at_idx" ON "RouteEvent"("routeId", "at");

-- CreateIndex
CREATE INDEX "RouteEvent_at_idx" ON "RouteEvent"("at");

-- CreateIndex
CREATE INDEX "Incident_routeId_startedAt_idx" ON "Incident"("routeId", "startedAt");

-- CreateIndex
CREATE INDEX "Incident_startedAt_idx" ON "Incident"("startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationChannel_name_key" ON "NotificationChannel"("name");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_createdAt_idx" ON "OutboxMessage"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_channelId_eventKey_key" ON "OutboxMessage"("channelId", "eventKey");

-- CreateIndex
CREATE INDEX "MaintenanceWindow_endsAt_idx" ON "MaintenanceWindow"("endsAt");

-- CreateIndex
CREATE INDEX "DashboardSession_expiresAt_idx" ON "DashboardSession"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Location_name_key" ON "Location"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Location_tokenHash_key" ON "Location"("tokenHash");

-- AddForeignKey
ALTER TABLE "Route" ADD CONSTRAINT "Route_proxyId_fkey" FOREIGN KEY ("proxyId") REFERENCES "Proxy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Route" ADD CONSTRAINT "Route_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Route" ADD CONSTRAINT "Route_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProbeResult" ADD CONSTRAINT "ProbeResult_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "Route"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RollupMinute" ADD CONSTRAINT "RollupMinute_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "Route"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RollupHour" ADD CONSTRAINT "RollupHour_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "Route"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RouteEvent" ADD CONSTRAINT "RouteEvent_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "Route"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuotaSnapshot" ADD CONSTRAINT "QuotaSnapshot_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProbeCounter" ADD CONSTRAINT "ProbeCounter_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "Route"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LatencyCounter" ADD CONSTRAINT "LatencyCounter_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "Route"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RouteSummary" ADD CONSTRAINT "RouteSummary_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "Route"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "Route"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "NotificationChannel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TargetTokenDay" ADD CONSTRAINT "TargetTokenDay_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentStream" ADD CONSTRAINT "AgentStream_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location"("id") ON DELETE CASCADE ON UPDATE CASCADE;
