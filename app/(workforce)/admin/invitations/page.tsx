import type { Metadata } from "next";
import { StaffInvitationsPage } from "@/components/workforce/staff-invitations-page";

export const metadata: Metadata = { title: "Your invitations" };

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  return <StaffInvitationsPage console="admin" query={await searchParams} />;
}
