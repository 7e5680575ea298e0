// The endpoint names of an edited file, from the previous ones, when the edit
// only rewrote uses of the two known endpoints: no declaration touched, no new
// or rejected name, no endpoint's first use in the edited lines. Then the
// endpoints stay, their uses change in the edited lines only, and the only name
// findings there are segments sent to oneself (TF203).
import type { Statement } from '../syntax/ast';
import type { Span } from '../text';
import { CheckContext } from './context';
import { moveFinding, type Finding } from './diagnostic';
import { forEachStatement, namesIn, selfSend, type Names } from './names';

export interface NamesEdit {
  /** The statements the edit replaced, and those that replace them. */
  readonly removed: readonly Statement[];
  readonly added: readonly Statement[];
  /** Where the replaced lines start (the same in both texts). */
  readonly from: number;
  /** Old offsets at or after `at` moved by `delta`. */
  readonly at: number;
  readonly delta: number;
}

/** The names and their findings after the edit, taking `names` over; undefined when they must be resolved afresh. */
export function editedNames(names: Names, findings: readonly Finding[], edit: NamesEdit, text: string): { names: Names; findings: Finding[] } | undefined {
  const { removed, added, from, at, delta } = edit;
  const counts = names.endpoints.map(() => ({ removed: 0, added: [] as Span[] }));
  const tally = (stmts: readonly Statement[], add: boolean): boolean => {
    let ok = true;
    for (const s of stmts) {
      if (s.kind === 'endpoint') return false;
    }
    forEachStatement({ text, statements: stmts }, (s) => {
      for (const n of namesIn(s)) {
        const i = names.indexOf(n.text);
        if (i < 0) ok = false;
        else if (add) counts[i].added.push(n);
        else counts[i].removed++;
      }
    });
    return ok;
  };
  if (!tally(removed, false) || !tally(added, true)) return undefined;
  if (names.endpoints.some((e) => !e.decl && e.uses[0].start >= from)) return undefined;

  for (const [i, e] of names.endpoints.entries()) {
    const c = counts[i];
    if (!c.removed && !c.added.length) continue;
    // The declaration's name comes first, wherever it stands; the uses follow in file order.
    let lo = e.decl ? 1 : 0;
    let hi = e.uses.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (e.uses[mid].start >= from) hi = mid;
      else lo = mid + 1;
    }
    e.uses.splice(lo, c.removed, ...c.added);
  }

  const move = (x: number) => (x >= at ? x + delta : x);
  const ctx = new CheckContext(text);
  for (const s of added) forEachStatement({ text, statements: [s] }, (x) => selfSend(ctx, x));
  const kept = findings.filter((f) => f.start < from || f.start >= at);
  return { names, findings: [...kept.filter((f) => f.start < from), ...ctx.findings, ...kept.filter((f) => f.start >= at).map((f) => (delta ? moveFinding(f, move) : f))] };
}
