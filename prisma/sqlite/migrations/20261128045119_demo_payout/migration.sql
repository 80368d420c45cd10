-- AlterTable
ALTER TABLE "User" ADD COLUMN "payoutChangedAt" DATETIME;
ALTER TABLE "User" ADD COLUMN "payoutHolder" TEXT;
ALTER TABLE "User" ADD COLUMN "payoutIban" TEXT;

