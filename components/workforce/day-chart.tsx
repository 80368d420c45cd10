import { describeSeries, type TDaySeries } from "@/lib/workforce/dashboard";

const WIDTH = 600;
const HEIGHT = 160;
const TOP = 16;
const BOTTOM = 20;
const LEFT = 32;

/**
 * Daily counts as a bar chart drawn on the server: plain SVG, no script and no charting library.
 * The picture shows the shape (a spike stands out); its accessible name says the total and the
 * busiest day, and the numbers behind it are in a table under the chart.
 */
export function DayChart({ series, days }: { series: TDaySeries; days: readonly string[] }) {
  const id = `chart-${series.type.replace(/[^a-z0-9]/gi, "-")}`;
  const max = Math.max(1, ...series.counts);
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT) / Math.max(1, days.length);
  const barWidth = Math.max(2, slot * 0.7);
  const summary = describeSeries(series, days.length);
  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-lg border border-gray-300 bg-white p-4">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {series.label}
      </h2>
      <p className="mb-2 text-sm text-gray-800">
        <strong className="text-2xl text-gray-900">{series.total}</strong> in the last {days.length} days
        {series.peak ? ` · most on ${series.peak.day} (${series.peak.count})` : ""}
      </p>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title`} className="h-auto w-full">
        <title id={`${id}-title`}>{summary}</title>
        <line x1={LEFT} y1={HEIGHT - BOTTOM} x2={WIDTH} y2={HEIGHT - BOTTOM} stroke="#4b5563" strokeWidth="1" />
        <line x1={LEFT} y1={TOP} x2={WIDTH} y2={TOP} stroke="#d1d5db" strokeWidth="1" strokeDasharray="4 4" />
        <text x={LEFT - 4} y={TOP + 4} textAnchor="end" fontSize="12" fill="#1f2937">
          {max}
        </text>
        <text x={LEFT - 4} y={HEIGHT - BOTTOM + 4} textAnchor="end" fontSize="12" fill="#1f2937">
          0
        </text>
        {series.counts.map((count, i) => {
          const h = (count / max) * plotHeight;
          return (
            <rect
              key={days[i]}
              x={LEFT + i * slot + (slot - barWidth) / 2}
              y={HEIGHT - BOTTOM - h}
              width={barWidth}
              height={h}
              fill={series.peak?.day === days[i] ? "#312e81" : "#4f46e5"}
            >
              <title>{`${days[i]}: ${count}`}</title>
            </rect>
          );
        })}
        <text x={LEFT} y={HEIGHT - 4} fontSize="12" fill="#1f2937">
          {days[0]}
        </text>
        <text x={WIDTH} y={HEIGHT - 4} textAnchor="end" fontSize="12" fill="#1f2937">
          {days.at(-1)}
        </text>
      </svg>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer font-semibold">Daily numbers</summary>
        <table className="mt-2 w-full border-collapse text-left">
          <caption className="sr-only">{series.label} per day (UTC)</caption>
          <thead>
            <tr className="border-b border-gray-300">
              <th scope="col" className="py-1 pr-4">
                Day
              </th>
              <th scope="col" className="py-1">
                {series.label}
              </th>
            </tr>
          </thead>
          <tbody>
            {series.counts.map((count, i) => (
              <tr key={days[i]} className="border-b border-gray-200">
                <th scope="row" className="py-1 pr-4 font-normal">
                  {days[i]}
                </th>
                <td className="py-1">{count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
