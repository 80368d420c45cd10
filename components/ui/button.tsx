import type { ButtonHTMLAttributes } from "react";

const VARIANTS = {
  primary: "bg-brand text-brand-text hover:opacity-90",
  secondary: "border border-gray-400 bg-white text-gray-900 hover:bg-gray-50",
  danger: "border border-red-700 bg-white text-red-800 hover:bg-red-50",
} as const;

export function Button({
  variant = "primary",
  className = "",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: keyof typeof VARIANTS }) {
  return (
    <button
      className={`inline-flex items-center justify-center rounded-md px-4 py-2 text-sm font-semibold disabled:opacity-60 ${VARIANTS[variant]} ${className}`}
      {...props}
    />
  );
}
