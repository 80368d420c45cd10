import type { Metadata } from "next";
import { CustomerAccountPage } from "@/components/workforce/customer-account-page";

export const metadata: Metadata = { title: "Customer account" };

export default async function Page({ params }: { params: Promise<{ tenant: string; userId: string }> }) {
  const { tenant, userId } = await params;
  return <CustomerAccountPage console="admin" slug={tenant} userId={userId} />;
}
