// Offsets (the core's positions) to and from LSP positions: both count UTF-16
// code units, which is LSP's default position encoding.
import type { Position, Range, TextEdit } from 'vscode-languageserver';
import type { Analysis } from '../language/analysis';
import type { TextEdit as CoreEdit } from '../language/check/diagnostic';
import type { Span } from '../language/text';

export function position(a: Analysis, offset: number): Position {
  return a.lines.position(Math.max(0, Math.min(offset, a.text.length)));
}

export function range(a: Analysis, span: Span): Range {
  return { start: position(a, span.start), end: position(a, span.end) };
}

/** The offset of a position; a character beyond its line's end means the line's end (LSP). */
export function offset(a: Analysis, p: Position): number {
  const lines = a.lines;
  if (p.line >= lines.lineCount) return a.text.length;
  return Math.min(lines.lineStart(p.line) + Math.max(0, p.character), lines.lineEnd(p.line));
}

export function span(a: Analysis, r: Range): Span {
  const start = offset(a, r.start);
  return { start, end: Math.max(start, offset(a, r.end)) };
}

export function edit(a: Analysis, e: CoreEdit): TextEdit {
  return { range: range(a, e), newText: e.newText };
}
