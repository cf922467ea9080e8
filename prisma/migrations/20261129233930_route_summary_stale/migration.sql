-- CreateTable
CREATE TABLE "RouteSummaryStale" (
    "routeId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT
);
