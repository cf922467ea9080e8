-- AlterTable
ALTER TABLE "MaintenanceWindow" ADD COLUMN "repeat" TEXT;
