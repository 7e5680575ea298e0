// Moving statements by a number of characters, in place: after an edit, the
// statements below it keep their syntax and only change position. Each node is
// moved once.
import type { Expr, SegmentSpec, SegmentStmt, Statement } from './ast';
import type { Span } from '../text';

type Mutable = { start: number; end: number };

function span(s: Span | undefined, d: number): void {
  if (!s) return;
  (s as Mutable).start += d;
  (s as Mutable).end += d;
}

function expr(e: Expr, d: number): void {
  span(e, d);
  if ('terms' in e) for (const t of e.terms) span(t, d);
}

function spec(s: SegmentSpec, d: number): void {
  if (s.seq) expr(s.seq, d);
  if (s.ack) expr(s.ack, d);
  span(s.len, d);
  span(s.win, d);
  span(s.mss, d);
  span(s.wscale, d);
  span(s.payload, d);
}

function segment(s: SegmentStmt, d: number): void {
  span(s, d);
  span(s.time, d);
  span(s.old, d);
  span(s.src, d);
  span(s.arrow, d);
  span(s.dst, d);
  spec(s.spec, d);
  (s as { specEnd: number }).specEnd += d;
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
