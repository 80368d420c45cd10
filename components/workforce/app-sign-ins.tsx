import { ColumnHeads } from "@/components/ui/table";
import type { TAppSignIns } from "@/lib/workforce/dashboard";

/**
 * Sign-ins by app: for each app the tenant registered, how many sign-ins issued it an authorization
 * code over the dashboard's window (silent single sign-on included). A plain table, busiest first.
 */
export function AppSignIns({ apps, days }: { apps: readonly TAppSignIns[]; days: number }) {
  const sorted = [...apps].sort((a, b) => b.count - a.count);
  const total = apps.reduce((sum, app) => sum + app.count, 0);
  return (
    <section aria-labelledby="app-sign-ins-heading" className="mt-4 rounded-lg border border-gray-300 bg-white p-4">
      <h2 id="app-sign-ins-heading" className="text-lg font-semibold">
        Sign-ins by app
      </h2>
      <p className="mb-2 text-sm text-gray-800">
        <strong className="text-2xl text-gray-900">{total}</strong> sign-ins to apps in the last {days} days, each one
        an authorization code issued to the app (single sign-on without a prompt included).
      </p>
      {sorted.length === 0 ? (
        <p className="text-sm text-gray-800">No apps are registered yet.</p>
      ) : (
        <table className="w-full border-collapse text-left text-sm">
          <caption className="sr-only">Sign-ins by app in the last {days} days, busiest first</caption>
          {/* A non-breaking hyphen: the narrow count column never splits its heading at the hyphen. */}
          <ColumnHeads columns={["App", "Sign\u2011ins"]} />
          <tbody>
            {sorted.map((app) => (
              <tr key={app.clientId} className="border-b border-gray-200">
                <th scope="row" className="p-3 font-normal">
                  <span className="font-semibold">{app.name}</span>
                  <span className="block font-mono text-xs break-all text-gray-800">{app.clientId}</span>
                </th>
                <td className="p-3 tabular-nums">{app.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
