import type { Metadata } from "next";
import { CustomerAccountPage, type TCustomerAccountRoute } from "@/components/workforce/customer-account-page";

export const metadata: Metadata = { title: "Customer account" };

export default function Page(route: TCustomerAccountRoute) {
  return <CustomerAccountPage console="admin" {...route} />;
}
