-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "attestationRoots" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "requireAttestation" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "requireVerifiedEmail" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "signupDeviceHash" TEXT;

-- AlterTable
ALTER TABLE "PasskeyCredential" ADD COLUMN     "attestationFormat" TEXT,
ADD COLUMN     "attestationRoot" TEXT;

