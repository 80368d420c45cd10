/** Why a staff member does something that overrides a control: asked in words, kept in the audit log. */
export function ReasonField({ id, label }: { id: string; label: string }) {
  return (
    <>
      <label htmlFor={id} className="block text-sm font-medium text-gray-900">
        {label}
      </label>
      <textarea
        id={id}
        name="reason"
        required
        minLength={10}
        maxLength={500}
        rows={2}
        className="block w-full rounded-md border border-gray-400 bg-white px-3 py-2 text-base text-gray-900"
      />
    </>
  );
}
