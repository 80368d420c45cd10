import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ConsoleShell } from "@/components/workforce/console-shell";

export const metadata: Metadata = {
  title: { default: "Support workbench · Portico", template: "%s · Support workbench · Portico" },
};

export default function Layout({ children }: { children: ReactNode }) {
  return <ConsoleShell console="support">{children}</ConsoleShell>;
}
