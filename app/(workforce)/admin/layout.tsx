import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ConsoleShell } from "@/components/workforce/console-shell";

export const metadata: Metadata = {
  title: { default: "Admin console · Portico", template: "%s · Admin console · Portico" },
};

export default function Layout({ children }: { children: ReactNode }) {
  return <ConsoleShell console="admin">{children}</ConsoleShell>;
}
