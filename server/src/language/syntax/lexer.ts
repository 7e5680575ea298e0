import { isLineBreak } from '../text';
import { Tok } from './tokens';

const isIdentStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdentPart = (c: number) => isIdentStart(c) || isDigit(c);
const isHexDigit = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/**
 * A cursor over the text: `next()` moves to the next token and exposes it as
 * `kind`/`start`/`end`. Comments and blanks are skipped; line ends are tokens
 * because the language is one statement per line.
 */
export class Lexer {
  kind: Tok = Tok.EOF;
  start = 0;
  end = 0;
  /** Offset where the skipped blanks before the current token begin. */
  gapStart = 0;

  constructor(readonly text: string) {}

  get value(): string {
    return this.text.slice(this.start, this.end);
  }

  /** True when the current token touches the previous one (no blank between). */
  get adjacent(): boolean {
    return this.gapStart === this.start;
  }

  next(): Tok {
    const t = this.text;
    const n = t.length;
    let i = this.end;
    this.gapStart = i;
    for (;;) {
      if (i >= n) return this.set(Tok.EOF, n, n);
      const c = t.charCodeAt(i);
      // The `\r` of a `\r\n` is a blank before the `\n` that ends the line.
      if (c === 32 || c === 9 || c === 0xfeff || (c === 13 && t.charCodeAt(i + 1) === 10)) {
        i++;
      } else if (c === 35 /* # */ || (c === 47 /* / */ && t.charCodeAt(i + 1) === 47)) {
        while (i < n && !isLineBreak(t.charCodeAt(i))) i++;
      } else break;
    }
    const s = i;
    const c = t.charCodeAt(i);
    // A line ends at `\n` or at a lone `\r`, as LSP counts lines.
    if (isLineBreak(c)) return this.set(Tok.Newline, s, s + 1);
    if (isIdentStart(c)) {
      i++;
      while (i < n && isIdentPart(t.charCodeAt(i))) i++;
      return this.set(Tok.Ident, s, i);
    }
    if (isDigit(c)) return this.number(s);
    switch (c) {
      case 34 /* " */:
        return this.string(s);
      case 45 /* - */: {
        const d = t.charCodeAt(s + 1);
        if (d === 62 /* > */) return this.set(Tok.Arrow, s, s + 2);
        if ((d === 120 || d === 88) /* x X */ && !isIdentPart(t.charCodeAt(s + 2))) return this.set(Tok.LostArrow, s, s + 2);
        return this.set(Tok.Minus, s, s + 1);
      }
      case 58: return this.set(Tok.Colon, s, s + 1);
      case 44: return this.set(Tok.Comma, s, s + 1);
      case 43: return this.set(Tok.Plus, s, s + 1);
      case 124: return this.set(Tok.Pipe, s, s + 1);
      case 61: return this.set(Tok.Equals, s, s + 1);
      case 40: return this.set(Tok.LParen, s, s + 1);
      case 41: return this.set(Tok.RParen, s, s + 1);
      case 123: return this.set(Tok.LBrace, s, s + 1);
      case 125: return this.set(Tok.RBrace, s, s + 1);
    }
    // One code point, so a diagnostic never splits a surrogate pair (a lone one is one unit).
    const pair = c >= 0xd800 && c <= 0xdbff && (t.charCodeAt(s + 1) & 0xfc00) === 0xdc00;
    return this.set(Tok.Unknown, s, s + (pair ? 2 : 1));
  }

  /** Moves to the line's end token at `at` (a line break, or the text's end) after a line read without tokens, whose last token ended at `lastEnd`. */
  toLineEnd(at: number, lastEnd: number): void {
    if (at >= this.text.length) this.set(Tok.EOF, this.text.length, this.text.length);
    else this.set(Tok.Newline, at, at + 1);
    this.gapStart = lastEnd;
  }

  /** Skips to the end of the current line (error recovery). */
  skipLine(): void {
    while (this.kind !== Tok.Newline && this.kind !== Tok.EOF) this.next();
  }

  private set(kind: Tok, start: number, end: number): Tok {
    this.kind = kind;
    this.start = start;
    this.end = end;
    return kind;
  }

  private number(s: number): Tok {
    const t = this.text;
    const n = t.length;
    let i = s;
    if (t.charCodeAt(i) === 48 && (t.charCodeAt(i + 1) | 32) === 120 && isHexDigit(t.charCodeAt(i + 2))) {
      i += 2;
      while (i < n && isHexDigit(t.charCodeAt(i))) i++;
    } else {
      while (i < n && isDigit(t.charCodeAt(i))) i++;
      if (t.charCodeAt(i) === 46 /* . */ && isDigit(t.charCodeAt(i + 1))) {
        i++;
        while (i < n && isDigit(t.charCodeAt(i))) i++;
      }
    }
    if (i < n && isIdentPart(t.charCodeAt(i))) {
      while (i < n && isIdentPart(t.charCodeAt(i))) i++;
      return this.set(Tok.Word, s, i);
    }
    return this.set(Tok.Number, s, i);
  }

  private string(s: number): Tok {
    const t = this.text;
    const n = t.length;
    let i = s + 1;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === 34) return this.set(Tok.String, s, i + 1);
      if (isLineBreak(c)) break;
      i += c === 92 /* \ */ && i + 1 < n && !isLineBreak(t.charCodeAt(i + 1)) ? 2 : 1;
    }
    // Unterminated: the string ends at the line end.
    return this.set(Tok.BadString, s, i);
  }
}

/** The text of a string token without quotes, with `\"` and `\\` unescaped. */
export function unquote(raw: string): string {
  const body = raw.endsWith('"') && raw.length > 1 ? raw.slice(1, -1) : raw.slice(1);
  return body.indexOf('\\') < 0 ? body : body.replace(/\\(["\\])/g, '$1');
}
