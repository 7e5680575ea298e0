// Expanding selection: token → expression → item → segment spec → statement →
// block → phase → file.
import type { Analysis } from '../analysis';
import { termsOf, type SpecItem, type Statement } from '../syntax/ast';
import type { Span } from '../text';
import { inside, statementOnLine } from './locate';
import { phasesOf } from './phases';
import { itemsOf } from '../syntax/parser';

function itemParts(item: SpecItem): Span[] {
  switch (item.kind) {
    case 'flag':
    case 'payload':
      return [item];
    case 'call':
    case 'field': {
      const head = { start: item.start, end: item.kind === 'call' ? item.nameEnd : item.keyEnd };
      return [head, ...termsOf(item.expr), item.expr, item];
    }
  }
}

/** The spans inside a statement, in no particular order. */
function statementParts(text: string, stmt: Exclude<Statement, { kind: 'simultaneous' }>): Span[] {
  switch (stmt.kind) {
    case 'segment': {
      const items = itemsOf(text, stmt);
      const parts: Span[] = [stmt.src, stmt.arrow, stmt.dst, ...items.flatMap(itemParts)];
      if (stmt.time) parts.push(stmt.time);
      if (stmt.old) parts.push(stmt.old);
      if (items.length) parts.push({ start: items[0].start, end: stmt.specEnd });
      return parts;
    }
    case 'endpoint': return [stmt.name, ...(stmt.label ? [stmt.label] : []), ...(stmt.stateName ? [stmt.stateName] : [])];
    case 'event': return [stmt.endpoint, stmt.word];
    case 'assertion': return [stmt.endpoint, stmt.stateName];
    case 'note': return [...stmt.endpoints, stmt.text];
    case 'title': return [stmt.text];
  }
}

/** The chain of ranges around `offset`, innermost first, each strictly inside the next. */
export function selectionRange(a: Analysis, offset: number): Span[] {
  const { stmt, block } = statementOnLine(a, offset);
  const spans: Span[] = [];
  if (stmt) spans.push(...statementParts(a.text, stmt).filter((s) => inside(s, offset)), stmt);
  if (block) spans.push(block);
  const phase = phasesOf(a).phases.find((p) => inside(p, offset));
  if (phase) spans.push(phase);
  spans.push({ start: 0, end: a.text.length });
  spans.sort((x, y) => x.end - x.start - (y.end - y.start));
  const chain: Span[] = [];
  for (const s of spans) {
    const prev = chain[chain.length - 1];
    if (!inside(s, offset)) continue;
    if (!prev || (s.start <= prev.start && s.end >= prev.end && (s.start < prev.start || s.end > prev.end))) chain.push({ start: s.start, end: s.end });
  }
  return chain;
}
