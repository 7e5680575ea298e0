// Moving statements by a number of characters, in place: after an edit, the
// statements below it keep their syntax and only change position. Each node is
// moved once.
import type { Expr, SegmentStmt, Statement } from './ast';
import type { SegmentNode } from './segmentNode';
import type { Span } from '../text';

type Mutable = { start: number; end: number };

function span(s: Span | undefined, d: number): void {
  if (!s) return;
  (s as Mutable).start += d;
  (s as Mutable).end += d;
}

function spanOrExpr(e: Span | Expr, d: number): void {
  span(e, d);
  if ('terms' in e) for (const t of e.terms) span(t, d);
}

/** Every segment statement is a node the parser made. */
function segment(s: SegmentStmt, d: number): void {
  (s as SegmentNode).move(d, spanOrExpr);
}

export function moveStatement(stmt: Statement, d: number): void {
  switch (stmt.kind) {
    case 'segment': return segment(stmt, d);
    case 'simultaneous':
      span(stmt, d);
      span(stmt.keyword, d);
      span(stmt.close, d);
      for (const s of stmt.segments) segment(s, d);
      return;
    case 'event': span(stmt, d); span(stmt.endpoint, d); span(stmt.word, d); return;
    case 'assertion': span(stmt, d); span(stmt.endpoint, d); span(stmt.stateName, d); return;
    case 'title': span(stmt, d); span(stmt.text, d); return;
    case 'endpoint': span(stmt, d); span(stmt.name, d); span(stmt.label, d); span(stmt.stateName, d); return;
    case 'note': span(stmt, d); for (const n of stmt.endpoints) span(n, d); span(stmt.text, d); return;
  }
}
