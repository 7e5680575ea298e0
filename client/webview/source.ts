// The diagram the preview shows: where its chunks start and where its errors
// are, and the texts and elements of the chunks it has. A whole diagram
// (DiagramResult) brings every chunk; an outline (a large flow) brings none,
// and the chunks on screen are asked for by number and arrive later.
import type { DiagramChunk, DiagramElement, DiagramOutlineResult, DiagramResult } from '../../server/src/protocol';

export interface ErrorMark {
  readonly line: number;
  readonly chunk: number;
}

export class DiagramSource {
  private readonly texts: (string | undefined)[];
  private readonly elements: (readonly DiagramElement[] | undefined)[];
  /** Chunks asked for and not arrived yet. */
  private readonly asked = new Set<number>();

  private constructor(
    readonly version: number,
    readonly participants: number,
    readonly syntaxErrors: DiagramResult['syntaxErrors'],
    /** The 0-based line of each chunk's first element. */
    private readonly chunkLines: readonly number[],
    readonly errors: readonly ErrorMark[],
  ) {
    this.texts = new Array(chunkLines.length);
    this.elements = new Array(chunkLines.length);
  }

  static whole(r: DiagramResult): DiagramSource {
    const byChunk: DiagramElement[][] = r.chunks.map(() => []);
    for (const e of r.elements) byChunk[e.chunk]?.push(e);
    const lines: number[] = [];
    byChunk.forEach((es, i) => lines.push(es[0]?.line ?? lines[i - 1] ?? 0));
    const errors: ErrorMark[] = [];
    for (const e of r.elements) if (e.error && errors[errors.length - 1]?.line !== e.line) errors.push({ line: e.line, chunk: e.chunk });
    const s = new DiagramSource(r.version, /^\s*participant /m.test(r.mermaid) ? 1 : 0, r.syntaxErrors, lines, errors);
    r.chunks.forEach((text, i) => s.supply({ index: i, text, elements: byChunk[i] }));
    return s;
  }

  static outline(o: DiagramOutlineResult): DiagramSource {
    return new DiagramSource(o.version, o.participants, o.syntaxErrors, o.chunkLines, o.errors);
  }

  get count(): number {
    return this.chunkLines.length;
  }

  text(chunk: number): string | undefined {
    return this.texts[chunk];
  }

  elementsOf(chunk: number): readonly DiagramElement[] {
    return this.elements[chunk] ?? [];
  }

  supply(c: DiagramChunk): void {
    if (c.index < 0 || c.index >= this.count) return;
    this.texts[c.index] = c.text;
    this.elements[c.index] = c.elements;
    this.asked.delete(c.index);
  }

  /** Of these chunks, those of the diagram without a text that were not asked for yet (they count as asked from now). */
  toAsk(chunks: Iterable<number>): number[] {
    const out: number[] = [];
    for (const c of chunks) {
      if (!(c >= 0 && c < this.count) || this.texts[c] !== undefined || this.asked.has(c)) continue;
      this.asked.add(c);
      out.push(c);
    }
    return out;
  }

  /** The chunk that draws a line: the last one starting at or before it. */
  chunkOfLine(line: number): number {
    let lo = 0;
    let hi = this.chunkLines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.chunkLines[mid] <= line) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
