-- CreateTable
CREATE TABLE "OidcSessionLink" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "providerSessionUid" TEXT NOT NULL,
    "porticoSessionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OidcLogout" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "uri" TEXT NOT NULL,
    "sub" TEXT NOT NULL,
    "sid" TEXT NOT NULL,
    "jti" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextTryAt" DATETIME NOT NULL,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL,
    "sentAt" DATETIME
);

-- CreateIndex
CREATE INDEX "OidcSessionLink_tenantId_userId_idx" ON "OidcSessionLink"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "OidcSessionLink_tenantId_porticoSessionId_idx" ON "OidcSessionLink"("tenantId", "porticoSessionId");

-- CreateIndex
CREATE UNIQUE INDEX "OidcLogout_jti_key" ON "OidcLogout"("jti");

-- CreateIndex
CREATE INDEX "OidcLogout_status_nextTryAt_idx" ON "OidcLogout"("status", "nextTryAt");

-- CreateIndex
CREATE INDEX "OidcLogout_tenantId_clientId_idx" ON "OidcLogout"("tenantId", "clientId");

