import type { Metadata } from "next";
import { StaffLoginPage } from "@/components/workforce/staff-auth-pages";

export const metadata: Metadata = { title: "Sign in" };

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return <StaffLoginPage console="support" query={await searchParams} />;
}
