// Folding: `simultaneous` blocks, the connection's phases, and runs of comment lines.
import type { Analysis } from '../analysis';
import { phasesOf } from './phases';

export interface Fold {
  /** 0-based lines; the fold hides the lines after `startLine` up to `endLine`. */
  readonly startLine: number;
  readonly endLine: number;
  readonly kind: 'region' | 'comment';
}

/** Adds a fold for each run of two or more comment lines. */
function addCommentRuns(a: Analysis, out: Fold[]): void {
  let runStart = -1;
  const count = a.lines.lineCount;
  for (let line = 0; line <= count; line++) {
    const body = line < count ? a.text.slice(a.lines.lineStart(line), a.lines.lineEnd(line)).trimStart() : '';
    const comment = body.startsWith('#') || body.startsWith('//');
    if (comment && runStart < 0) runStart = line;
    if (!comment && runStart >= 0) {
      if (line - 1 > runStart) out.push({ startLine: runStart, endLine: line - 1, kind: 'comment' });
      runStart = -1;
    }
  }
}

export function foldingRanges(a: Analysis): Fold[] {
  const lineOf = (offset: number) => a.lines.position(offset).line;
  const out: Fold[] = [];
  for (const s of a.file.statements) {
    if (s.kind !== 'simultaneous') continue;
    const start = lineOf(s.keyword.start);
    // A closed block keeps its `}` visible.
    const end = s.close ? lineOf(s.close.start) - 1 : lineOf(s.end);
    if (end > start) out.push({ startLine: start, endLine: end, kind: 'region' });
  }
  for (const p of phasesOf(a).phases) {
    const start = lineOf(p.start);
    const end = lineOf(p.end);
    if (end > start) out.push({ startLine: start, endLine: end, kind: 'region' });
  }
  addCommentRuns(a, out);
  return out.sort((x, y) => x.startLine - y.startLine || y.endLine - x.endLine);
}
