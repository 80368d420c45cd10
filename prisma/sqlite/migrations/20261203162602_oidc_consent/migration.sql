-- AlterTable
ALTER TABLE "OidcState" ADD COLUMN "accountId" TEXT;
ALTER TABLE "OidcState" ADD COLUMN "clientId" TEXT;

-- CreateTable
CREATE TABLE "OidcConsent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "claims" TEXT NOT NULL DEFAULT '',
    "grantedAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "OidcConsent_tenantId_userId_clientId_key" ON "OidcConsent"("tenantId", "userId", "clientId");

-- CreateIndex
CREATE INDEX "OidcState_tenantId_accountId_clientId_idx" ON "OidcState"("tenantId", "accountId", "clientId");

