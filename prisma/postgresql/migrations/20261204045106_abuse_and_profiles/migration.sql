-- AlterTable
ALTER TABLE "User" ADD COLUMN     "signInCount" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ThreatState" (
    "tenantId" TEXT NOT NULL,
    "autoLevel" TEXT NOT NULL DEFAULT 'calm',
    "manualLevel" TEXT,
    "manualSetAt" TIMESTAMP(3),
    "manualUntil" TIMESTAMP(3),
    "levelSince" TIMESTAMP(3) NOT NULL,
    "evaluatedAt" TIMESTAMP(3) NOT NULL,
    "lastHotAt" TIMESTAMP(3),
    "baselineFailureRatio" DOUBLE PRECISION NOT NULL DEFAULT 0.2,
    "baselineSamples" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ThreatState_pkey" PRIMARY KEY ("tenantId")
);

-- CreateTable
CREATE TABLE "AbuseStat" (
    "tenantId" TEXT NOT NULL,
    "bucket" TIMESTAMP(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AbuseStat_pkey" PRIMARY KEY ("tenantId","bucket","kind")
);

-- CreateTable
CREATE TABLE "BlockedAddress" (
    "tenantId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "blockedAt" TIMESTAMP(3) NOT NULL,
    "blockedUntil" TIMESTAMP(3) NOT NULL,
    "hits" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "BlockedAddress_pkey" PRIMARY KEY ("tenantId","address")
);

-- CreateTable
CREATE TABLE "AttackedAccount" (
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "firstAt" TIMESTAMP(3) NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "level" TEXT NOT NULL,

    CONSTRAINT "AttackedAccount_pkey" PRIMARY KEY ("tenantId","userId")
);

-- CreateTable
CREATE TABLE "ProfileAttribute" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "validation" TEXT NOT NULL DEFAULT '{}',
    "dueWhen" TEXT NOT NULL,
    "dueSignIns" INTEGER,
    "dueAction" TEXT,
    "scope" TEXT,
    "required" BOOLEAN NOT NULL DEFAULT false,
    "editable" BOOLEAN NOT NULL DEFAULT true,
    "consentText" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProfileAttribute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProfileValue" (
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "attributeId" TEXT NOT NULL,
    "value" TEXT,
    "skippedAt" TIMESTAMP(3),
    "consentText" TEXT,
    "consentedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProfileValue_pkey" PRIMARY KEY ("userId","attributeId")
);

-- CreateIndex
CREATE INDEX "BlockedAddress_tenantId_blockedUntil_idx" ON "BlockedAddress"("tenantId", "blockedUntil");

-- CreateIndex
CREATE INDEX "AttackedAccount_tenantId_lastAt_idx" ON "AttackedAccount"("tenantId", "lastAt");

-- CreateIndex
CREATE INDEX "ProfileAttribute_tenantId_position_idx" ON "ProfileAttribute"("tenantId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "ProfileAttribute_tenantId_key_key" ON "ProfileAttribute"("tenantId", "key");

-- CreateIndex
CREATE INDEX "ProfileValue_tenantId_userId_idx" ON "ProfileValue"("tenantId", "userId");

-- AddForeignKey
ALTER TABLE "ThreatState" ADD CONSTRAINT "ThreatState_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AbuseStat" ADD CONSTRAINT "AbuseStat_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BlockedAddress" ADD CONSTRAINT "BlockedAddress_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttackedAccount" ADD CONSTRAINT "AttackedAccount_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttackedAccount" ADD CONSTRAINT "AttackedAccount_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProfileAttribute" ADD CONSTRAINT "ProfileAttribute_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProfileValue" ADD CONSTRAINT "ProfileValue_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProfileValue" ADD CONSTRAINT "ProfileValue_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProfileValue" ADD CONSTRAINT "ProfileValue_attributeId_fkey" FOREIGN KEY ("attributeId") REFERENCES "ProfileAttribute"("id") ON DELETE CASCADE ON UPDATE CASCADE;

