// Bidirectional control characters (embeddings, overrides, isolates) reorder
// how the text around them is displayed, so a line can read otherwise than it
// is checked (Trojan Source, CVE-2021-42574). Those in comments and strings are
// reported (TF109); elsewhere a character is already an unexpected token (TF101).
// Outputs show each as its code point, so none reaches a diagram or a hover.
import type { Finding } from '../check/diagnostic';
import { Lexer } from './lexer';
import { Tok } from './tokens';

const NAMES: Record<number, string> = {
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
};

const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

const codePoint = (c: number) => `U+${c.toString(16).toUpperCase()}`;

/** The text with each bidirectional control written as its code point (`[U+202E]`): it no longer reorders anything. */
export function showBidi(s: string): string {
  return s.replace(BIDI, (ch) => `[${codePoint(ch.charCodeAt(0))}]`);
}

/** The text holds a bidirectional control (without one, no message quoting it can). */
export function hasBidi(text: string): boolean {
  BIDI.lastIndex = 0;
  return BIDI.test(text);
}

/** A finding whose message quotes the source (an unexpected character) shows any control in it as its code point. */
export function bidiShownIn(f: Finding): Finding {
  BIDI.lastIndex = 0;
  return BIDI.test(f.message) ? { ...f, message: showBidi(f.message) } : f;
}

/** TF109 for each bidirectional control in a comment or a string. */
export function bidiFindings(text: string): Finding[] {
  if (!hasBidi(text)) return [];
  const out: Finding[] = [];
  const scan = (from: number, to: number, where: string) => {
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      const name = NAMES[c];
      if (!name) continue;
      out.push({
        code: 'TF109',
        start: i,
        end: i + 1,
        message: `bidirectional control character ${codePoint(c)} (${name}) in a ${where}: it changes how the text around it is displayed, so the line may not read as it is checked`,
        fixes: [{ title: `Remove the ${codePoint(c)} character`, edits: [{ start: i, end: i + 1, newText: '' }], preferred: true }],
      });
    }
  };
  const lx = new Lexer(text);
  for (;;) {
    const kind = lx.next();
    // Between tokens the lexer skips blanks and comments: a control there is in a comment.
    scan(lx.gapStart, lx.start, 'comment');
    if (kind === Tok.String || kind === Tok.BadString) scan(lx.start, lx.end, 'string');
    if (kind === Tok.EOF) return out;
  }
}
