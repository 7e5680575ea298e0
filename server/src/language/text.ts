// Offsets are the core's only positions; this converts them to lines and columns
// (0-based, UTF-16 code units, as LSP and JavaScript strings count them).
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface LineCol {
  readonly line: number;
  readonly character: number;
}

export class LineIndex {
  private readonly starts: number[];

  constructor(text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
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
