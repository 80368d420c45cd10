import type { Metadata } from "next";
import { StaffEnrolPage } from "@/components/workforce/staff-auth-pages";

export const metadata: Metadata = { title: "Set up your second step" };

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return <StaffEnrolPage console="admin" query={await searchParams} />;
}
