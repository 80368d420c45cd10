import type { Metadata } from "next";
import { StaffStepUpPage } from "@/components/workforce/staff-auth-pages";

export const metadata: Metadata = { title: "Confirm it's you" };

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return <StaffStepUpPage console="admin" query={await searchParams} />;
}
