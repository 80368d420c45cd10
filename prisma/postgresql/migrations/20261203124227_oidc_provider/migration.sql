-- CreateTable
CREATE TABLE "OidcClient" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "secretHash" TEXT,
    "redirectUris" TEXT NOT NULL DEFAULT '[]',
    "postLogoutRedirectUris" TEXT NOT NULL DEFAULT '[]',
    "backchannelLogoutUri" TEXT,
    "scopes" TEXT NOT NULL DEFAULT 'openid email profile',
    "firstParty" BOOLEAN NOT NULL DEFAULT false,
    "minAal" INTEGER NOT NULL DEFAULT 1,
    "accessTokenTtlSeconds" INTEGER NOT NULL DEFAULT 600,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OidcClient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OidcSigningKey" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "kid" TEXT NOT NULL,
    "alg" TEXT NOT NULL,
    "sealedJwk" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "OidcSigningKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OidcState" (
    "key" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "grantId" TEXT,
    "uid" TEXT,
    "userCode" TEXT,
    "expiresAt" TIMESTAMP(3),
    "consumedAt" TIMESTAMP(3),

    CONSTRAINT "OidcState_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "OidcClient_clientId_key" ON "OidcClient"("clientId");

-- CreateIndex
CREATE INDEX "OidcClient_tenantId_idx" ON "OidcClient"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "OidcSigningKey_kid_key" ON "OidcSigningKey"("kid");

-- CreateIndex
CREATE INDEX "OidcSigningKey_tenantId_alg_idx" ON "OidcSigningKey"("tenantId", "alg");

-- CreateIndex
CREATE INDEX "OidcState_tenantId_grantId_idx" ON "OidcState"("tenantId", "grantId");

-- CreateIndex
CREATE INDEX "OidcState_tenantId_model_uid_idx" ON "OidcState"("tenantId", "model", "uid");

-- CreateIndex
CREATE INDEX "OidcState_tenantId_model_userCode_idx" ON "OidcState"("tenantId", "model", "userCode");

-- CreateIndex
CREATE INDEX "OidcState_expiresAt_idx" ON "OidcState"("expiresAt");

-- AddForeignKey
ALTER TABLE "OidcClient" ADD CONSTRAINT "OidcClient_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OidcSigningKey" ADD CONSTRAINT "OidcSigningKey_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

