/** A data table's column headings, each a `col` header for screen readers. */
export function ColumnHeads({ columns }: { columns: readonly string[] }) {
  return (
    <thead>
      <tr className="border-b border-gray-300">
        {columns.map((column) => (
          <th key={column} scope="col" className="p-3">
            {column}
          </th>
        ))}
      </tr>
    </thead>
  );
}
