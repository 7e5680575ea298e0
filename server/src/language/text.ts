// Offsets are the core's only positions; this converts them to lines and columns
// (0-based, UTF-16 code units, as LSP and JavaScript strings count them). A line
// ends at `\r\n`, `\n` or a lone `\r`, as LSP counts them, everywhere in the core.
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface LineCol {
  readonly line: number;
  readonly character: number;
}

/** True for `\n` and `\r`, the characters that end a line. */
export const isLineBreak = (c: number): boolean => c === 10 || c === 13;

/** The offset of the line end at or after `offset` (before its `\r\n`, `\n` or `\r`), or the text's length. */
export function lineEndAt(text: string, offset: number): number {
  for (let i = Math.max(0, offset); i < text.length; i++) if (isLineBreak(text.charCodeAt(i))) return i;
  return text.length;
}

/** Where the line after the one holding `offset` starts, or the text's length on the last line. */
export function nextLineStart(text: string, offset: number): number {
  const end = lineEndAt(text, offset);
  if (end >= text.length) return text.length;
  return text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
}

/** The start of the line holding `offset`. */
export function lineStartAt(text: string, offset: number): number {
  for (let i = Math.min(offset, text.length) - 1; i >= 0; i--) if (isLineBreak(text.charCodeAt(i))) return i + 1;
  return 0;
}

/** The line break the text uses: its first one, `\n` when it has none. */
export function eolOf(text: string): string {
  const end = lineEndAt(text, 0);
  if (end >= text.length) return '\n';
  return text.charCodeAt(end) === 10 ? '\n' : text.charCodeAt(end + 1) === 10 ? '\r\n' : '\r';
}

export class LineIndex {
  /** Where each line starts. */
  private readonly starts: number[];
  /** Where each line's text ends (before its line break). */
  private readonly ends: number[];

  constructor(text: string) {
    const starts = [0];
    const ends: number[] = [];
    if (text.indexOf('\r') < 0) {
      // Line feeds only (most files): found by the engine's own search.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
        ends.push(i);
        starts.push(i + 1);
      }
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (!isLineBreak(c)) continue;
        ends.push(i);
        if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    ends.push(text.length);
    this.starts = starts;
    this.ends = ends;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  private clamp(line: number): number {
    return Math.max(0, Math.min(line, this.starts.length - 1));
  }

  lineStart(line: number): number {
    return this.starts[this.clamp(line)];
  }

  /** The end of a line's text, before its line break. */
  lineEnd(line: number): number {
    return this.ends[this.clamp(line)];
  }

  position(offset: number): LineCol {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }

  offset(pos: LineCol): number {
    if (pos.line >= this.starts.length) return this.starts[this.starts.length - 1];
    return this.starts[Math.max(0, pos.line)] + Math.max(0, pos.character);
  }
}
