import Link from "next/link";

export default function TenantNotFound() {
  return (
    <main className="rounded-lg bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-bold">Page not found</h1>
      <p className="mt-3 text-gray-800">There is no page at this address. Check the link you followed.</p>
      <p className="mt-4">
        <Link href="/" className="font-semibold underline">
          Go to the Portico home page
        </Link>
      </p>
    </main>
  );
}
