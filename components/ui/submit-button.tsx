"use client";
import { useFormStatus } from "react-dom";
import { Button } from "./button";

/** A submit button that shows progress once JavaScript is running; a plain submit button without it. */
export function SubmitButton({
  children,
  pendingText,
  variant,
  className,
}: {
  children: string;
  pendingText?: string;
  variant?: "primary" | "secondary" | "danger";
  className?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant={variant} className={className} disabled={pending} aria-disabled={pending}>
      {pending ? (pendingText ?? children) : children}
    </Button>
  );
}
