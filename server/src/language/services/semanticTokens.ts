// Semantic tokens: what each word of a flow is, from the syntax tree (the
// grammar colours by shape; this knows an endpoint from a symbol), plus the
// comments the lexer skips. Standard token types, so every theme colours them.
import type { Analysis } from '../analysis';
import { termsOf, type Expr, type SpecItem, type Statement } from '../syntax/ast';
import { Lexer } from '../syntax/lexer';
import { Tok } from '../syntax/tokens';
import { lineStartAt, type Span } from '../text';
import { itemsOf } from '../syntax/parser';

/** The legend: token types by index. */
export const TOKEN_TYPES = ['class', 'enumMember', 'property', 'number', 'variable', 'type', 'function', 'keyword', 'string', 'comment', 'operator'] as const;
/** The legend: modifier bits by index. `inferred`: a value or a name the checker works out (a symbol bound by its first use, the words SYN/FIN, an endpoint created by its first use). */
export const TOKEN_MODIFIERS = ['declaration', 'inferred'] as const;


const T: Record<'endpoint' | 'flag' | 'field' | 'number' | 'symbol' | 'state' | 'event' | 'keyword' | 'string' | 'comment' | 'arrow', number> = {
  endpoint: 0, flag: 1, field: 2, number: 3, symbol: 4, state: 5, event: 6, keyword: 7, string: 8, comment: 9, arrow: 10,
};
const DECLARATION = 1;
const INFERRED = 2;

export interface SemanticToken extends Span {
  /** Index into TOKEN_TYPES. */
  readonly type: number;
  /** Bits of TOKEN_MODIFIERS. */
  readonly modifiers: number;
}

class Tokens {
  readonly out: SemanticToken[] = [];
  /** Where declarations start (a token is known by its start: items are parsed again for their tokens). */
  private readonly declarations: ReadonlySet<number>;
  private readonly implicit: ReadonlySet<number>;

  private readonly text: string;

  constructor(a: Analysis) {
    this.text = a.text;
    const decl = new Set<number>();
    const implicit = new Set<number>();
    for (const e of a.result.endpoints) {
      decl.add(e.first.start);
      if (!e.decl) implicit.add(e.first.start);
    }
    for (const s of a.result.symbols.values()) {
      decl.add(s.uses[0].start);
      implicit.add(s.uses[0].start);
    }
    this.declarations = decl;
    this.implicit = implicit;
  }

  add(start: number, end: number, type: number, modifiers = 0): void {
    if (end > start) this.out.push({ start, end, type, modifiers });
  }

  named(span: Span, type: number): void {
    this.add(span.start, span.end, type, (this.declarations.has(span.start) ? DECLARATION : 0) | (this.implicit.has(span.start) ? INFERRED : 0));
  }

  expr(e: Expr): void {
    for (const t of termsOf(e)) {
      if (t.kind === 'number') this.add(t.start, t.end, T.number);
      else if (t.kind === 'symbol') this.named(t, T.symbol);
      else this.add(t.start, t.end, T.flag, INFERRED);
    }
  }

  item(i: SpecItem): void {
    switch (i.kind) {
      case 'flag': return this.add(i.start, i.end, T.flag);
      case 'payload': return this.add(i.start, i.end, T.string);
      case 'call':
        this.add(i.start, i.nameEnd, T.flag);
        return this.expr(i.expr);
      case 'field':
        this.add(i.start, i.keyEnd, T.field);
        return this.expr(i.expr);
    }
  }

  statement(s: Statement): void {
    switch (s.kind) {
      case 'title':
        this.add(s.start, s.start + 5, T.keyword);
        return this.add(s.text.start, s.text.end, T.string);
      case 'endpoint':
        this.add(s.start, s.start + 8, T.keyword);
        this.named(s.name, T.endpoint);
        if (s.label) this.add(s.label.start, s.label.end, T.string);
        if (s.stateName) this.add(s.stateName.start, s.stateName.end, T.state);
        return;
      case 'note':
        this.add(s.start, s.start + 4, T.keyword);
        for (const n of s.endpoints) this.named(n, T.endpoint);
        return this.add(s.text.start, s.text.end, T.string);
      case 'simultaneous':
        this.add(s.keyword.start, s.keyword.end, T.keyword);
        for (const seg of s.segments) this.statement(seg);
        return;
      case 'segment':
        if (s.time) this.add(s.time.start, s.time.end, T.number);
        if (s.old) this.add(s.old.start, s.old.end, T.keyword);
        this.named(s.src, T.endpoint);
        this.add(s.arrow.start, s.arrow.end, T.arrow);
        this.named(s.dst, T.endpoint);
        for (const i of itemsOf(this.text, s)) this.item(i);
        return;
      case 'event':
        this.named(s.endpoint, T.endpoint);
        return this.add(s.word.start, s.word.end, T.event);
      case 'assertion':
        this.named(s.endpoint, T.endpoint);
        return this.add(s.stateName.start, s.stateName.end, T.state);
    }
  }
}

/**
 * Comments between `from` (a line start) and `to`: what the lexer skips from `#`
 * or `//` to the line end. Only lines holding one of those are lexed (most
 * lines of a flow hold none), each to tell a comment from a string.
 */
function comments(text: string, from: number, to: number): SemanticToken[] {
  const out: SemanticToken[] = [];
  const lx = new Lexer(text);
  let hash = -1;
  let slashes = -1;
  for (let at = from; at <= to; ) {
    if (hash < at) hash = indexOrEnd(text, '#', at);
    if (slashes < at) slashes = indexOrEnd(text, '//', at);
    const mark = Math.min(hash, slashes);
    if (mark > to) break;
    lx.end = lineStartAt(text, mark);
    for (;;) {
      const k = lx.next();
      const comment = commentIn(text, lx.gapStart, lx.start);
      if (comment >= 0) {
        const end = text.charCodeAt(lx.start - 1) === 13 ? lx.start - 1 : lx.start;
        out.push({ start: comment, end, type: T.comment, modifiers: 0 });
      }
      if (k === Tok.Newline || k === Tok.EOF) break;
    }
    at = lx.end;
  }
  return out;
}

function indexOrEnd(text: string, s: string, from: number): number {
  const i = text.indexOf(s, from);
  return i < 0 ? text.length + 1 : i;
}

/** Where a comment starts in the blank between two tokens, -1 when none does. */
function commentIn(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 35 /* # */ || (ch === 47 /* / */ && text.charCodeAt(i + 1) === 47)) return i;
  }
  return -1;
}

/** Tokens in file order; with a range, those of the statements and comments it touches. */
export function semanticTokens(a: Analysis, range: Span = { start: 0, end: a.text.length }): SemanticToken[] {
  const t = new Tokens(a);
  for (const s of a.file.statements) {
    if (s.end < range.start) continue;
    if (s.start > range.end) break;
    t.statement(s);
  }
  // The lexer starts at a line start: a string or a comment never spans lines.
  const c = comments(a.text, lineStartAt(a.text, range.start), range.end);
  // Merge two sorted lists; a range keeps what overlaps it.
  const merged: SemanticToken[] = [];
  let i = 0;
  let j = 0;
  while (i < t.out.length || j < c.length) {
    const next = j >= c.length || (i < t.out.length && t.out[i].start < c[j].start) ? t.out[i++] : c[j++];
    if (next.end >= range.start && next.start <= range.end) merged.push(next);
  }
  return merged;
}
