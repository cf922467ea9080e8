-- CreateTable
CREATE TABLE "TargetTokenDay" (
    "targetId" INTEGER NOT NULL,
    "day" DATETIME NOT NULL,
    "promptTokens" INTEGER NOT NULL DEFAULT 0,
    "completionTokens" INTEGER NOT NULL DEFAULT 0,
    "probes" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("targetId", "day"),
    CONSTRAINT "TargetTokenDay_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable (last columns: ADD COLUMN keeps the table and its rows)
ALTER TABLE "Target" ADD COLUMN "paidProbeEvery" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Target" ADD COLUMN "manualOnly" BOOLEAN NOT NULL DEFAULT false;
