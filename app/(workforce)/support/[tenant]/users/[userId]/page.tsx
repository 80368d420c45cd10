import type { Metadata } from "next";
import { CustomerAccountPage } from "@/components/workforce/customer-account-page";

export const metadata: Metadata = { title: "Customer account" };

export default async function Page({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string; userId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant, userId } = await params;
  const done = (await searchParams).done;
  return (
    <CustomerAccountPage
      console="support"
      slug={tenant}
      userId={userId}
      done={typeof done === "string" ? done : undefined}
    />
  );
}
