-- AlterTable
ALTER TABLE "OidcState" ADD COLUMN     "accountId" TEXT,
ADD COLUMN     "clientId" TEXT;

-- CreateTable
CREATE TABLE "OidcConsent" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "claims" TEXT NOT NULL DEFAULT '',
    "grantedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OidcConsent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OidcConsent_tenantId_userId_clientId_key" ON "OidcConsent"("tenantId", "userId", "clientId");

-- CreateIndex
CREATE INDEX "OidcState_tenantId_accountId_clientId_idx" ON "OidcState"("tenantId", "accountId", "clientId");

