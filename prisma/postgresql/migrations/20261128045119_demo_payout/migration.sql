-- AlterTable
ALTER TABLE "User" ADD COLUMN     "payoutChangedAt" TIMESTAMP(3),
ADD COLUMN     "payoutHolder" TEXT,
ADD COLUMN     "payoutIban" TEXT;

