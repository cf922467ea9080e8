-- CreateTable
CREATE TABLE "ProbeCounter" (
    "routeId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("routeId", "kind"),
    CONSTRAINT "ProbeCounter_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "Route" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LatencyCounter" (
    "routeId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "count" INTEGER NOT NULL DEFAULT 0,
    "sumMs" REAL NOT NULL DEFAULT 0,
    "buckets" TEXT NOT NULL,
    CONSTRAINT "LatencyCounter_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "Route" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
