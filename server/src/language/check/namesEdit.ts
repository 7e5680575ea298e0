// The endpoint names of an edited file, from the previous ones, when the edit
// only rewrote uses of the two known endpoints: no declaration touched, no new
// or rejected name, no endpoint's first use in or after the edited lines. Then
// the endpoints stay as they were, and the only name findings in the edited
// lines are segments sent to oneself (TF203).
import type { Statement } from '../syntax/ast';
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
  const onlyKnownNames = (stmts: readonly Statement[]): boolean => {
    if (stmts.some((s) => s.kind === 'endpoint')) return false;
    let ok = true;
    forEachStatement({ text, statements: stmts }, (s) => {
      for (const n of namesIn(s)) if (names.indexOf(n.text) < 0) ok = false;
    });
    return ok;
  };
  if (!onlyKnownNames(removed) || !onlyKnownNames(added)) return undefined;
  // An endpoint first written in or after the edited lines may be first written elsewhere now.
  if (names.endpoints.some((e) => !e.decl && e.first.start >= from)) return undefined;

  const move = (x: number) => (x >= at ? x + delta : x);
  const ctx = new CheckContext(text);
  for (const s of added) forEachStatement({ text, statements: [s] }, (x) => selfSend(ctx, x));
  const kept = findings.filter((f) => f.start < from || f.start >= at);
  return { names, findings: [...kept.filter((f) => f.start < from), ...ctx.findings, ...kept.filter((f) => f.start >= at).map((f) => (delta ? moveFinding(f, move) : f))] };
}
