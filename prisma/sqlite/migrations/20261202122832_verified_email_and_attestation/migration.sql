-- AlterTable
ALTER TABLE "User" ADD COLUMN "signupDeviceHash" TEXT;

-- AlterTable
ALTER TABLE "PasskeyCredential" ADD COLUMN "attestationFormat" TEXT;
ALTER TABLE "PasskeyCredential" ADD COLUMN "attestationRoot" TEXT;

-- AlterTable (added in place rather than by redefining the table, so that migrations of other
-- branches that also touch Tenant keep working in either order)
ALTER TABLE "Tenant" ADD COLUMN "requireVerifiedEmail" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Tenant" ADD COLUMN "requireAttestation" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Tenant" ADD COLUMN "attestationRoots" TEXT NOT NULL DEFAULT '[]';
