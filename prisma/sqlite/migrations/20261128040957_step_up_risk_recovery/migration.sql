-- AlterTable
ALTER TABLE "User" ADD COLUMN "credentialsChangedAt" DATETIME;
ALTER TABLE "User" ADD COLUMN "recoveredAt" DATETIME;

-- AlterTable
ALTER TABLE "Session" ADD COLUMN "contextEvent" TEXT;
ALTER TABLE "Session" ADD COLUMN "deviceHash" TEXT;
ALTER TABLE "Session" ADD COLUMN "downgradedAt" DATETIME;
ALTER TABLE "Session" ADD COLUMN "ipPrefix" TEXT;
ALTER TABLE "Session" ADD COLUMN "uaFamily" TEXT;

-- CreateTable
CREATE TABLE "StepUpPolicy" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "minAal" INTEGER NOT NULL,
    "singleFactorAal" INTEGER,
    "maxAgeMinutes" INTEGER NOT NULL,
    "methods" TEXT NOT NULL DEFAULT '[]',
    "singleUse" BOOLEAN NOT NULL DEFAULT false,
    "builtIn" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "StepUpPolicy_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StepUpGrant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "aal" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "consumedAt" DATETIME,
    CONSTRAINT "StepUpGrant_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StepUpGrant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StepUpGrant_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "KnownDevice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "deviceHash" TEXT NOT NULL,
    "uaFamily" TEXT,
    "firstSeenAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    CONSTRAINT "KnownDevice_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "KnownDevice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "KnownNetwork" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "firstSeenAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    CONSTRAINT "KnownNetwork_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "KnownNetwork_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RecoveryRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'delayed',
    "status" TEXT NOT NULL DEFAULT 'waiting',
    "cancelTokenHash" TEXT NOT NULL,
    "requestedAt" DATETIME NOT NULL,
    "availableAt" DATETIME NOT NULL,
    "completedAt" DATETIME,
    "cancelledAt" DATETIME,
    "cancelledBy" TEXT,
    "ip" TEXT,
    "userAgent" TEXT,
    CONSTRAINT "RecoveryRequest_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RecoveryRequest_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN "sessionLimits" TEXT NOT NULL DEFAULT '{}';
ALTER TABLE "Tenant" ADD COLUMN "riskPolicy" TEXT NOT NULL DEFAULT '{}';
ALTER TABLE "Tenant" ADD COLUMN "recoveryWaitHours" INTEGER NOT NULL DEFAULT 72;
ALTER TABLE "Tenant" ADD COLUMN "recoveryCooldownHours" INTEGER NOT NULL DEFAULT 24;

-- CreateIndex
CREATE UNIQUE INDEX "StepUpPolicy_tenantId_action_key" ON "StepUpPolicy"("tenantId", "action");

-- CreateIndex
CREATE INDEX "StepUpGrant_tenantId_sessionId_action_idx" ON "StepUpGrant"("tenantId", "sessionId", "action");

-- CreateIndex
CREATE INDEX "KnownDevice_tenantId_userId_idx" ON "KnownDevice"("tenantId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "KnownDevice_userId_deviceHash_key" ON "KnownDevice"("userId", "deviceHash");

-- CreateIndex
CREATE INDEX "KnownNetwork_tenantId_userId_idx" ON "KnownNetwork"("tenantId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "KnownNetwork_userId_prefix_key" ON "KnownNetwork"("userId", "prefix");

-- CreateIndex
CREATE UNIQUE INDEX "RecoveryRequest_cancelTokenHash_key" ON "RecoveryRequest"("cancelTokenHash");

-- CreateIndex
CREATE INDEX "RecoveryRequest_tenantId_status_availableAt_idx" ON "RecoveryRequest"("tenantId", "status", "availableAt");

-- CreateIndex
CREATE INDEX "RecoveryRequest_tenantId_userId_idx" ON "RecoveryRequest"("tenantId", "userId");

