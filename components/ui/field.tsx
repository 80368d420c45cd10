import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

type TFrameProps = { label: string; id: string; error?: string; hint?: string };

/** The ids a control's hint and error are tied to with aria-describedby. */
function describedBy(id: string, hint?: string, error?: string): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

/** Label above, hint and error below: the frame every form control shares. */
function FieldFrame({ label, id, error, hint, children }: TFrameProps & { children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-gray-900">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-gray-700">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm font-medium text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type TFieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  name: string;
  error?: string;
  hint?: string;
};

/** A labelled input; its error and hint are tied to it with aria-describedby. */
export function Field({ label, name, error, hint, id, ...input }: TFieldProps) {
  const inputId = id ?? `field-${name}`;
  return (
    <FieldFrame label={label} id={inputId} error={error} hint={hint}>
      <input
        id={inputId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(inputId, hint, error)}
        className="block w-full rounded-md border border-gray-400 bg-white px-3 py-2 text-base text-gray-900 shadow-sm placeholder:text-gray-500 aria-[invalid=true]:border-red-700"
        {...input}
      />
    </FieldFrame>
  );
}

/** A labelled select, framed like `Field`. */
export function SelectField({
  label,
  name,
  error,
  hint,
  id,
  children,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  children: ReactNode;
}) {
  const selectId = id ?? `field-${name}`;
  return (
    <FieldFrame label={label} id={selectId} error={error} hint={hint}>
      <select
        id={selectId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(selectId, hint, error)}
        className="block w-full rounded-md border border-gray-400 bg-white px-3 py-2 text-base text-gray-900"
        {...select}
      >
        {children}
      </select>
    </FieldFrame>
  );
}

/** A labelled multi-line text box, framed like `Field`. */
export function TextAreaField({
  label,
  name,
  error,
  hint,
  id,
  ...textarea
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; name: string; error?: string; hint?: string }) {
  const areaId = id ?? `field-${name}`;
  return (
    <FieldFrame label={label} id={areaId} error={error} hint={hint}>
      <textarea
        id={areaId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(areaId, hint, error)}
        className="block w-full rounded-md border border-gray-400 bg-white px-3 py-2 font-mono text-sm text-gray-900 shadow-sm aria-[invalid=true]:border-red-700"
        {...textarea}
      />
    </FieldFrame>
  );
}
