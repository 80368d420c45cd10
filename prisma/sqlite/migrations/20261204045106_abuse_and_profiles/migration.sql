-- CreateTable
CREATE TABLE "ThreatState" (
    "tenantId" TEXT NOT NULL PRIMARY KEY,
    "autoLevel" TEXT NOT NULL DEFAULT 'calm',
    "manualLevel" TEXT,
    "manualSetAt" DATETIME,
    "manualUntil" DATETIME,
    "levelSince" DATETIME NOT NULL,
    "evaluatedAt" DATETIME NOT NULL,
    "lastHotAt" DATETIME,
    "baselineFailureRatio" REAL NOT NULL DEFAULT 0.2,
    "baselineSamples" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "ThreatState_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AbuseStat" (
    "tenantId" TEXT NOT NULL,
    "bucket" DATETIME NOT NULL,
    "kind" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("tenantId", "bucket", "kind"),
    CONSTRAINT "AbuseStat_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BlockedAddress" (
    "tenantId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "blockedAt" DATETIME NOT NULL,
    "blockedUntil" DATETIME NOT NULL,
    "hits" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("tenantId", "address"),
    CONSTRAINT "BlockedAddress_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AttackedAccount" (
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "firstAt" DATETIME NOT NULL,
    "lastAt" DATETIME NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "level" TEXT NOT NULL,

    PRIMARY KEY ("tenantId", "userId"),
    CONSTRAINT "AttackedAccount_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AttackedAccount_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProfileAttribute" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ProfileAttribute_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProfileValue" (
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "attributeId" TEXT NOT NULL,
    "value" TEXT,
    "skippedAt" DATETIME,
    "consentText" TEXT,
    "consentedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("userId", "attributeId"),
    CONSTRAINT "ProfileValue_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProfileValue_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProfileValue_attributeId_fkey" FOREIGN KEY ("attributeId") REFERENCES "ProfileAttribute" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "displayName" TEXT,
    "status" TEXT NOT NULL DEFAULT 'active',
    "lockReason" TEXT,
    "lockedAt" DATETIME,
    "lockedUntil" DATETIME,
    "failedLoginCount" INTEGER NOT NULL DEFAULT 0,
    "lastFailedAt" DATETIME,
    "secondFactorFailures" INTEGER NOT NULL DEFAULT 0,
    "emailVerifiedAt" DATETIME,
    "passkeyOfferDismissedAt" DATETIME,
    "recoveredAt" DATETIME,
    "credentialsChangedAt" DATETIME,
    "signupDeviceHash" TEXT,
    "payoutHolder" TEXT,
    "payoutIban" TEXT,
    "payoutChangedAt" DATETIME,
    "organisationId" TEXT,
    "organisationRole" TEXT,
    "signInCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "User_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "User_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_User" ("createdAt", "credentialsChangedAt", "displayName", "email", "emailVerifiedAt", "failedLoginCount", "id", "lastFailedAt", "lockReason", "lockedAt", "lockedUntil", "organisationId", "organisationRole", "passkeyOfferDismissedAt", "payoutChangedAt", "payoutHolder", "payoutIban", "recoveredAt", "secondFactorFailures", "signupDeviceHash", "status", "tenantId", "updatedAt") SELECT "createdAt", "credentialsChangedAt", "displayName", "email", "emailVerifiedAt", "failedLoginCount", "id", "lastFailedAt", "lockReason", "lockedAt", "lockedUntil", "organisationId", "organisationRole", "passkeyOfferDismissedAt", "payoutChangedAt", "payoutHolder", "payoutIban", "recoveredAt", "secondFactorFailures", "signupDeviceHash", "status", "tenantId", "updatedAt" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE INDEX "User_tenantId_status_idx" ON "User"("tenantId", "status");
CREATE INDEX "User_organisationId_idx" ON "User"("organisationId");
CREATE UNIQUE INDEX "User_tenantId_email_key" ON "User"("tenantId", "email");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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

