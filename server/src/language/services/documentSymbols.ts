// The outline: the title and endpoints, then the connection's phases, each with
// its statements (a `simultaneous` block with its segments).
import type { Analysis } from '../analysis';
import { segmentText } from '../describe';
import type { Statement } from '../syntax/ast';
import { showBidi } from '../syntax/bidi';
import { STATE_NAMES } from '../tcp/states';
import type { Span } from '../text';
import { stepOf } from './locate';
import { PHASE_TITLES, phasesOf } from './phases';

export type OutlineKind = 'title' | 'endpoint' | 'phase' | 'segment' | 'event' | 'assertion' | 'note' | 'block';

export interface OutlineItem extends Span {
  readonly name: string;
  readonly detail?: string;
  readonly kind: OutlineKind;
  /** The part to reveal when the item is picked (inside start..end). */
  readonly selection: Span;
  readonly children?: readonly OutlineItem[];
}

const lineOf = (a: Analysis, offset: number) => a.lines.position(offset).line + 1;

function statementItem(a: Analysis, stmt: Statement): OutlineItem {
  const text = (from: number) => showBidi(a.text.slice(from, stmt.end));
  switch (stmt.kind) {
    case 'title':
      return { kind: 'title', name: showBidi(stmt.text.value) || '(untitled)', detail: 'title', start: stmt.start, end: stmt.end, selection: stmt.text };
    case 'endpoint': {
      const e = a.result.endpoints.find((x) => x.decl === stmt);
      const detail = [stmt.label ? `"${showBidi(stmt.label.value)}"` : '', e ? `starts ${STATE_NAMES[e.initial]}${e.initialInferred ? ' (inferred)' : ''}` : ''].filter(Boolean).join(' ');
      return { kind: 'endpoint', name: stmt.name.text, detail, start: stmt.start, end: stmt.end, selection: stmt.name };
    }
    case 'note':
      return { kind: 'note', name: showBidi(stmt.text.value) || '(empty note)', detail: stmt.endpoints.map((n) => n.text).join(', '), start: stmt.start, end: stmt.end, selection: stmt.text };
    case 'simultaneous':
      return { kind: 'block', name: 'simultaneous', start: stmt.start, end: stmt.end, selection: stmt.keyword, children: stmt.segments.map((s) => statementItem(a, s)) };
    case 'segment': {
      const step = stepOf(a, stmt);
      const resolved = step?.segment ? segmentText(step.segment) : 'not replayed';
      const outcome = step?.outcome ? ` · ${step.outcome}` : '';
      return { kind: 'segment', name: text(stmt.src.start), detail: `${resolved}${outcome}`, start: stmt.start, end: stmt.end, selection: { start: stmt.src.start, end: stmt.dst.end } };
    }
    case 'event':
    case 'assertion': {
      const step = stepOf(a, stmt);
      const after = step?.after[step.endpoint];
      return { kind: stmt.kind, name: text(stmt.start), detail: after ? `${stmt.endpoint.text}: ${STATE_NAMES[after.state]}` : undefined, start: stmt.start, end: stmt.end, selection: stmt.endpoint };
    }
  }
}

export function documentSymbols(a: Analysis): OutlineItem[] {
  const { header, phases } = phasesOf(a);
  const out = header.map((s) => statementItem(a, s));
  for (const p of phases) {
    const first = lineOf(a, p.start);
    const last = lineOf(a, p.end);
    out.push({
      kind: 'phase', name: PHASE_TITLES[p.kind], detail: first === last ? `line ${first}` : `lines ${first}–${last}`,
      start: p.start, end: p.end, selection: { start: p.statements[0].start, end: p.statements[0].end },
      children: p.statements.map((s) => statementItem(a, s)),
    });
  }
  return out;
}
