// What every output must satisfy, whatever the input: ranges inside the text,
// edits that can be applied, positions as LSP counts them, documents without
// live markup. A check calls `report(kind, detail)` for each break.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../../server/src/language/analysis';
import type { TextEdit } from '../../server/src/language/check/diagnostic';
import type { Span } from '../../server/src/language/text';
export { applyEdits } from '../../test/services/util';

export type Report = (kind: string, detail: string) => void;

export function checkSpan(text: string, s: Span, what: string, report: Report): boolean {
  const ok = Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= text.length;
  if (!ok) report('range', `${what} ${s.start}..${s.end} outside 0..${text.length} or reversed`);
  return ok;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** True when `offset` falls between the two halves of a CRLF or of a surrogate pair. */
export function splitsPair(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return (before === 13 && after === 10) || (isHigh(before) && isLow(after));
}

/**
 * A position as LSP counts it (a lone CR ends a line too) must match the one
 * the core reports, and a boundary must not split a surrogate pair.
 */
export class Positions {
  private doc?: TextDocument;

  constructor(private readonly a: Analysis, private readonly report: Report) {}

  check(offset: number, what: string): void {
    const { text } = this.a;
    if (splitsPair(text, offset) && text.charCodeAt(offset) !== 10) {
      this.report('surrogate-split', `inside a pair: ${what} at ${offset}`);
    }
    this.doc ??= TextDocument.create('file:///fuzz.tcpflow', 'tcpflow', 1, text);
    const lsp = this.doc.positionAt(offset);
    const core = this.a.lines.position(offset);
    if (lsp.line !== core.line || lsp.character !== core.character) {
      // LSP ends a line at a lone CR too; any other difference is another defect.
      const cause = /\r(?!\n)/.test(text.slice(0, offset)) ? 'after a lone CR' : 'without a lone CR before it';
      this.report('lsp-position', `${cause}: ${what} at ${offset}: core ${core.line}:${core.character}, LSP ${lsp.line}:${lsp.character}`);
    }
  }

  span(s: Span, what: string): void {
    if (!checkSpan(this.a.text, s, what, this.report)) return;
    this.check(s.start, what);
    this.check(s.end, what);
  }
}

/** Edits inside the text, not overlapping (LSP applies them all against the original). */
export function checkEdits(text: string, edits: readonly TextEdit[], what: string, report: Report): boolean {
  const sorted = [...edits].sort((x, y) => x.start - y.start || x.end - y.end);
  let prevEnd = -1;
  for (const e of sorted) {
    if (!checkSpan(text, e, `${what} edit`, report)) return false;
    if (e.start < prevEnd) {
      report('edits-overlap', `${what}: edits overlap at ${e.start}`);
      return false;
    }
    prevEnd = e.end;
  }
  return true;
}

/** Where `offset` lands after the edits; undefined when an edit replaces the text there. */
export function mapOffset(edits: readonly TextEdit[], offset: number): number | undefined {
  let delta = 0;
  for (const e of edits) {
    if (e.start <= offset && offset < e.end) return undefined;
    if (e.end <= offset) delta += e.newText.length - (e.end - e.start);
  }
  return offset + delta;
}

const LIVE_MARKUP: readonly [RegExp, string][] = [
  [/<\s*script/i, '<script'],
  // An escaped bracket (`\\]`) closes no link text.
  [/(?<!\\)\]\(\s*<?\s*javascript:/i, 'javascript: link'],
  [/<\s*javascript:/i, 'javascript: autolink'],
  [/\bhref\s*=\s*["']?\s*javascript:/i, 'javascript: href'],
];

/** Markdown a viewer renders must not carry a script or a javascript: link (code fences and code spans are literal text). */
export function checkMarkup(out: string, what: string, report: Report): void {
  const rendered = out.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').replace(/(?<![`\\])(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
  for (const [re, name] of LIVE_MARKUP) if (re.test(rendered)) report('unsafe-output', `${what} contains ${name}: ${excerpt(rendered, re)}`);
}

/**
 * Mermaid: every `<` of the flow's text is an entity (so no HTML label can
 * open; the only tag is the `<br/>` the core breaks labels with), and no
 * directive, click or link statement comes from the flow.
 */
export function checkMermaid(out: string, report: Report): void {
  for (const re of [/<(?!br\/>)/, /%%/, /^\s*(click|link|links|callback)\s/im]) if (re.test(out)) report('unsafe-output', `Mermaid contains ${re.source}: ${excerpt(out, re)}`);
}

function excerpt(s: string, re: RegExp): string {
  const m = re.exec(s);
  return m ? JSON.stringify(s.slice(Math.max(0, m.index - 20), m.index + 40)) : '';
}

/** The TF1xx (syntax) findings, counted by code. */
export function syntaxCounts(a: Analysis): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of a.findings) if (f.code.startsWith('TF1')) out.set(f.code, (out.get(f.code) ?? 0) + 1);
  return out;
}

/** The codes whose count grew from `before` to `after`. */
export function newCodes(before: Map<string, number>, after: Map<string, number>): string[] {
  return [...after].filter(([c, n]) => n > (before.get(c) ?? 0)).map(([c]) => c);
}
