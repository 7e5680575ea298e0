// Edits shared by several rules.
import type { SegmentStmt, SpecItem } from '../syntax/ast';
import type { Fix } from './diagnostic';

/** Where an inferred flag goes: after the last written flag (`FIN` → `FIN+ACK`), else first in the spec. */
export function flagInsertion(stmt: SegmentStmt, items: readonly SpecItem[]): { offset: number; text: string } {
  let lastFlag: number | undefined;
  for (const item of items) if (item.kind === 'flag' || item.kind === 'call') lastFlag = item.end;
  if (lastFlag !== undefined) return { offset: lastFlag, text: '+ACK' };
  if (items.length) return { offset: items[0].start, text: 'ACK ' };
  return { offset: stmt.specEnd, text: ' ACK' };
}

export function impliedAckFix(stmt: SegmentStmt, items: readonly SpecItem[]): Fix {
  const at = flagInsertion(stmt, items);
  return { title: 'Write the implied ACK flag', edits: [{ start: at.offset, end: at.offset, newText: at.text }], preferred: true };
}
