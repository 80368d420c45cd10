import type { Metadata } from "next";
import { TenantPicker } from "@/components/workforce/tenant-picker";

export const metadata: Metadata = { title: "Tenants" };

export default function Page() {
  return <TenantPicker console="support" />;
}
