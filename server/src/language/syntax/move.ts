// Moving statements by a number of characters, in place: after an edit, the
// statements below it keep their syntax and only change position.
import type { Statement } from './ast';

/** The properties of a node that hold offsets in the text. */
const POSITIONS: ReadonlySet<string> = new Set(['start', 'end', 'keyEnd', 'nameEnd', 'specEnd']);
/** Properties that refer to nodes reachable another way (a segment's block, a spec's items). */
const ALIASES: ReadonlySet<string> = new Set(['block', 'spec']);

export function moveStatement(stmt: Statement, delta: number): void {
  moveNode(stmt as unknown as Record<string, unknown>, delta);
}

function moveNode(node: Record<string, unknown>, delta: number): void {
  for (const key in node) {
    const v = node[key];
    if (typeof v === 'number') {
      if (POSITIONS.has(key)) node[key] = v + delta;
    } else if (typeof v === 'object' && v !== null && !ALIASES.has(key)) moveNode(v as Record<string, unknown>, delta);
  }
}
