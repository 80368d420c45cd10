-- AlterTable
ALTER TABLE "User" ADD COLUMN     "secondFactorFailures" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "factorAttempts" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "KnownDevice" ADD COLUMN     "lastPasswordFailureAt" TIMESTAMP(3),
ADD COLUMN     "passwordFailures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "secondFactorFailures" INTEGER NOT NULL DEFAULT 0;

