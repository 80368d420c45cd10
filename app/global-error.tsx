"use client";
// Shown in the browser when a request fails as a whole after the page has loaded (for example a
// form sent while the database is briefly unreachable, which the server answers with 503). No
// detail of the error is shown: the server log has it.
import "./globals.css";

export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-gray-100 font-sans text-gray-900 antialiased">
        <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-6 py-12">
          <h1 className="text-2xl font-bold">Temporarily unavailable</h1>
          <p className="mt-4 text-gray-800">
            This could not be completed just now, and anything you just submitted may not have been saved. Please try
            again in a moment.
          </p>
          <p className="mt-6">
            <button type="button" onClick={() => reset()} className="font-semibold underline">
              Try again
            </button>
          </p>
        </main>
      </body>
    </html>
  );
}
