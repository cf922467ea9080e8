-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ProbeResult" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "routeId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
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
    CONSTRAINT "ProbeResult_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "Route" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Kinds and layers become the codes of lib/classify/kind-codes.ts (a kind name
-- outside that table, which no version wrote, becomes unknown = 22); phase
-- timings become integer hundredths of a millisecond (what the probe measures).
INSERT INTO "new_ProbeResult" ("id", "routeId", "at", "ok", "kindCode", "layerCode", "httpStatus", "totalMsX100", "ttfbMsX100", "connectMsX100", "tlsMsX100", "dnsMsX100", "tunnelMsX100", "remainingRequests", "remainingTokens", "limitRequests", "limitTokens", "resetRequestsMs", "resetTokensMs", "retryAfterMs", "promptTokens", "completionTokens", "message", "apiErrorCode", "requestId")
SELECT "id", "routeId", "at", "ok",
    CASE "kind" WHEN 'ok' THEN 0 WHEN 'proxy_unreachable' THEN 1 WHEN 'proxy_timeout' THEN 2 WHEN 'proxy_auth_failed' THEN 3 WHEN 'proxy_refused' THEN 4 WHEN 'proxy_upstream_failed' THEN 5 WHEN 'proxy_protocol_error' THEN 6 WHEN 'dns_failure' THEN 7 WHEN 'connection_refused' THEN 8 WHEN 'connect_timeout' THEN 9 WHEN 'connection_reset' THEN 10 WHEN 'tls_error' THEN 11 WHEN 'timeout' THEN 12 WHEN 'auth_invalid' THEN 13 WHEN 'region_blocked' THEN 14 WHEN 'forbidden' THEN 15 WHEN 'model_not_found' THEN 16 WHEN 'bad_request' THEN 17 WHEN 'quota_exhausted' THEN 18 WHEN 'rate_limited' THEN 19 WHEN 'server_error' THEN 20 WHEN 'unexpected_response' THEN 21 WHEN 'unknown' THEN 22 ELSE 22 END,
    CASE "layer" WHEN 'proxy' THEN 1 WHEN 'network' THEN 2 WHEN 'tls' THEN 3 WHEN 'api' THEN 4 WHEN 'quota' THEN 5 ELSE NULL END,
    "httpStatus", CAST(ROUND("totalMs" * 100) AS INTEGER), CAST(ROUND("ttfbMs" * 100) AS INTEGER), CAST(ROUND("connectMs" * 100) AS INTEGER), CAST(ROUND("tlsMs" * 100) AS INTEGER), CAST(ROUND("dnsMs" * 100) AS INTEGER), CAST(ROUND("tunnelMs" * 100) AS INTEGER),
    "remainingRequests", "remainingTokens", "limitRequests", "limitTokens", "resetRequestsMs", "resetTokensMs", "retryAfterMs", "promptTokens", "completionTokens", "message", "apiErrorCode", "requestId"
  FROM "ProbeResult" ORDER BY "id";
-- Keep the id counter where it was, so a new result never takes the id of a
-- deleted one (result links stay unambiguous).
DELETE FROM "sqlite_sequence" WHERE "name" = 'new_ProbeResult';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT 'new_ProbeResult', "seq" FROM "sqlite_sequence" WHERE "name" = 'ProbeResult';
DROP TABLE "ProbeResult";
ALTER TABLE "new_ProbeResult" RENAME TO "ProbeResult";
CREATE INDEX "ProbeResult_routeId_at_idx" ON "ProbeResult"("routeId", "at");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
