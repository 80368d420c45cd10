import type { ReactNode } from "react";

const TONES = {
  error: "border-red-700 bg-red-50 text-red-900",
  success: "border-green-700 bg-green-50 text-green-900",
  info: "border-gray-400 bg-gray-50 text-gray-900",
} as const;

export function Alert({ tone, children, id }: { tone: keyof typeof TONES; children: ReactNode; id?: string }) {
  return (
    <div
      id={id}
      role={tone === "error" ? "alert" : "status"}
      className={`rounded-md border-l-4 px-4 py-3 text-sm ${TONES[tone]}`}
    >
      {children}
    </div>
  );
}

/** A form's outcome after a post: its message, as a success or an error notice; nothing before. */
export function FormNotice({ state }: { state: { status: "idle" | "error" | "success"; message?: string } }) {
  return state.message ? <Alert tone={state.status === "success" ? "success" : "error"}>{state.message}</Alert> : null;
}
