// Plain-text tables for the terminal. Widths are found with a loop, not
// Math.max(...column): a spread of 120,000 rows overflows the call stack.
export interface TableOptions {
  /** Columns aligned to the right (numbers). */
  readonly right?: readonly boolean[];
  /** A line of dashes under the first row. */
  readonly header?: boolean;
}

/** Widens `widths` to hold the row's cells. */
export function widen(widths: number[], row: readonly string[]): void {
  row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, cell.length); });
}

/** One row padded to `widths` (the last cell is not padded), without its newline. */
export function tableLine(cells: readonly string[], widths: readonly number[], options: TableOptions = {}): string {
  return cells
    .map((c, i) => (options.right?.[i] ? c.padStart(widths[i]) : i === cells.length - 1 ? c : c.padEnd(widths[i])))
    .join('  ')
    .trimEnd();
}

/** The line of dashes under a header. */
export const ruleLine = (widths: readonly number[], options: TableOptions = {}): string => tableLine(widths.map((w) => '-'.repeat(w)), widths, options);

export function table(rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const widths: number[] = [];
  for (const row of rows) widen(widths, row);
  const out: string[] = [];
  rows.forEach((row, i) => {
    out.push(tableLine(row, widths, options));
    if (i === 0 && options.header) out.push(ruleLine(widths, options));
  });
  return out.join('\n') + '\n';
}
