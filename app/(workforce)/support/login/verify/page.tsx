import type { Metadata } from "next";
import { StaffVerifyPage } from "@/components/workforce/staff-auth-pages";

export const metadata: Metadata = { title: "Second step" };

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return <StaffVerifyPage console="support" query={await searchParams} />;
}
