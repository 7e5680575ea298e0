// Go to definition, references, highlights and rename for endpoint names and
// symbols. Occurrences come from the syntax tree, so lines the checker skipped
// (syntax errors) are renamed too.
import type { Analysis } from '../analysis';
import type { TextEdit } from '../check/diagnostic';
import { forEachStatement, namesIn } from '../check/names';
import { FLAG_NAMES, termsOf, type Name, type Term } from '../syntax/ast';
import { parseState } from '../tcp/states';
import type { Span } from '../text';
import { targetAt } from './locate';
import { itemsOf } from '../syntax/parser';

export interface Occurrences {
  readonly kind: 'endpoint' | 'symbol';
  readonly name: string;
  /** The declaration, or the first use. */
  readonly definition: Span;
  /** Every occurrence in file order (the definition among them). */
  readonly spans: readonly Span[];
}

function endpointOccurrences(a: Analysis, name: string): Occurrences {
  const spans: Name[] = [];
  let decl: Name | undefined;
  forEachStatement(a.file, (stmt) => {
    if (stmt.kind === 'endpoint' && stmt.name.text === name) {
      spans.push(stmt.name);
      decl ??= stmt.name;
    }
    for (const n of namesIn(stmt)) if (n.text === name) spans.push(n);
  });
  return { kind: 'endpoint', name, definition: decl ?? spans[0], spans };
}

function symbolTerms(a: Analysis, fn: (t: Term & { kind: 'symbol' }) => void): void {
  forEachStatement(a.file, (stmt) => {
    if (stmt.kind !== 'segment') return;
    for (const item of itemsOf(a.text, stmt)) {
      if (item.kind !== 'call' && item.kind !== 'field') continue;
      for (const t of termsOf(item.expr)) if (t.kind === 'symbol') fn(t);
    }
  });
}

function symbolOccurrences(a: Analysis, name: string): Occurrences {
  const spans: Span[] = [];
  symbolTerms(a, (t) => {
    if (t.name === name) spans.push(t);
  });
  return { kind: 'symbol', name, definition: spans[0], spans };
}

/** The endpoint name or symbol at `offset` and all its occurrences. */
export function occurrencesAt(a: Analysis, offset: number): Occurrences | undefined {
  const t = targetAt(a, offset);
  if (t?.kind === 'endpoint') return endpointOccurrences(a, t.span.text);
  if (t?.kind === 'symbol') return symbolOccurrences(a, t.span.name);
  return undefined;
}

export interface Highlight extends Span {
  /** The definition (written) rather than a use (read). */
  readonly definition: boolean;
}

export function highlights(a: Analysis, offset: number): Highlight[] {
  const o = occurrencesAt(a, offset);
  return o ? o.spans.map((s) => ({ start: s.start, end: s.end, definition: s === o.definition })) : [];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set(['title', 'endpoint', 'note', 'simultaneous', 'old', 'listen', 'close', 'timeout', 'wait', ...FLAG_NAMES.map((f) => f.toLowerCase())]);

/** Every name written as an endpoint or a symbol, for "already used". */
function namesInUse(a: Analysis): Set<string> {
  const used = new Set<string>();
  forEachStatement(a.file, (stmt) => {
    if (stmt.kind === 'endpoint') used.add(stmt.name.text);
    for (const n of namesIn(stmt)) used.add(n.text);
  });
  symbolTerms(a, (t) => used.add(t.name));
  return used;
}

/** Why `newName` cannot replace `old`, or undefined when it can. */
function renameProblem(a: Analysis, old: Occurrences, newName: string): string | undefined {
  if (!IDENTIFIER.test(newName)) return `'${newName}' is not a name: use letters, digits and _ (not starting with a digit)`;
  if (newName === old.name) return undefined;
  if (RESERVED.has(newName.toLowerCase())) return `'${newName}' is a keyword, a flag or an event of the language`;
  if (parseState(newName) !== undefined) return `'${newName}' is a state name`;
  if (namesInUse(a).has(newName)) return `'${newName}' is already used in this file`;
  return undefined;
}

/** The span to rename at `offset` (for prepareRename), or why nothing there can be renamed. */
export function prepareRename(a: Analysis, offset: number): { span: Span; name: string } | { error: string } {
  const t = targetAt(a, offset);
  if (t?.kind === 'endpoint') return { span: t.span, name: t.span.text };
  if (t?.kind === 'symbol') return { span: t.span, name: t.span.name };
  return { error: 'Only endpoint names and symbols can be renamed' };
}

export function rename(a: Analysis, offset: number, newName: string): { edits: TextEdit[] } | { error: string } {
  const o = occurrencesAt(a, offset);
  if (!o) return { error: 'Only endpoint names and symbols can be renamed' };
  const problem = renameProblem(a, o, newName);
  if (problem) return { error: problem };
  return { edits: o.spans.map((s) => ({ start: s.start, end: s.end, newText: newName })) };
}
