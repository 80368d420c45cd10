-- AlterTable (written as ADD COLUMN rather than Prisma's table redefinition, so that migrations of
-- other changes to these tables, applied before or after this one, keep their columns)
ALTER TABLE "User" ADD COLUMN "secondFactorFailures" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Session" ADD COLUMN "factorAttempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "KnownDevice" ADD COLUMN "passwordFailures" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "KnownDevice" ADD COLUMN "lastPasswordFailureAt" DATETIME;
ALTER TABLE "KnownDevice" ADD COLUMN "secondFactorFailures" INTEGER NOT NULL DEFAULT 0;
