// A part of a flow to export: the lines selected in its editor, and the name
// its file gets. No `vscode` here: the tests load it as it is.
import { linesName, type LineRange } from '../../../server/src/language/mermaid';

/** A selection as VS Code gives it (0-based positions). */
export interface SelectionLike {
  readonly start: { readonly line: number; readonly character: number };
  readonly end: { readonly line: number; readonly character: number };
  readonly isEmpty: boolean;
}

/** The lines (1-based) a non-empty selection covers; a selection ending at the start of a line (whole lines selected) leaves that line out. */
export function selectedLines(s: SelectionLike): LineRange | undefined {
  if (s.isEmpty) return undefined;
  const to = s.end.character === 0 && s.end.line > s.start.line ? s.end.line : s.end.line + 1;
  return { from: s.start.line + 1, to };
}

/** The default file of an export: `flow.svg`, or `flow.lines-40-120.svg` for a part. */
export function exportPath(flowPath: string, format: string, lines: LineRange | undefined): string {
  return flowPath.replace(/(\.tcpflow)?$/, `${lines ? `.lines-${lines.from}-${lines.to}` : ''}.${format}`);
}

/** What the dialogs call the export: the diagram, or the lines of a part. */
export const exportTitle = (lines: LineRange | undefined): string => `Export Diagram${lines ? ` (${linesName(lines)})` : ''}`;
