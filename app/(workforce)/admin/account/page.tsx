import type { Metadata } from "next";
import { StaffAccountPage } from "@/components/workforce/staff-account-page";

export const metadata: Metadata = { title: "Your sign-in" };

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return <StaffAccountPage console="admin" query={await searchParams} />;
}
