-- CreateTable
CREATE TABLE "RouteSummary" (
    "routeId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "computedAt" DATETIME NOT NULL,
    "windows" TEXT NOT NULL,
    CONSTRAINT "RouteSummary_routeId_fkey" FOREIGN KEY ("routeId") REFERENCES "Route" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
