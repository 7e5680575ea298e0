// Plain-text tables for the terminal. Widths are found with a loop, not
// Math.max(...column): a spread of 120,000 rows overflows the call stack.
export interface TableOptions {
  /** Columns aligned to the right (numbers). */
  readonly right?: readonly boolean[];
  /** A line of dashes under the first row. */
  readonly header?: boolean;
}

export function table(rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, cell.length); });
  const line = (cells: readonly string[]) => cells
    .map((c, i) => (options.right?.[i] ? c.padStart(widths[i]) : i === cells.length - 1 ? c : c.padEnd(widths[i])))
    .join('  ')
    .trimEnd();
  const out: string[] = [];
  rows.forEach((row, i) => {
    out.push(line(row));
    if (i === 0 && options.header) out.push(line(widths.map((w) => '-'.repeat(w))));
  });
  return out.join('\n') + '\n';
}
