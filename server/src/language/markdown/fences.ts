// Fenced code blocks of a Markdown document (CommonMark §4.5): where each
// starts and ends, its info string, and its text with the fence's indentation
// removed, so that a position in a block's text maps back to the document.
// Fences inside block quotes and indented code blocks are not looked for.

export interface Fence {
  /** 0-based line of the opening fence. */
  readonly openLine: number;
  /** Offset of the opening fence line and of the end of the block (after the closing line, or the document's end). */
  readonly start: number;
  readonly end: number;
  /** Spaces before the opening fence (0–3): removed from each line of the text, as CommonMark does. */
  readonly indent: number;
  /** The fence characters: ``` or ~~~, or longer. */
  readonly marker: string;
  /** The info string's first word (`tcpflow`, `mermaid`), empty when none. */
  readonly lang: string;
  /** The block's text, each line without the fence's indentation. */
  readonly text: string;
  /** Document offset of the first character of each line of `text`. */
  readonly lineStarts: readonly number[];
  readonly closed: boolean;
}

interface Line {
  readonly start: number;
  /** Without its line ending. */
  readonly text: string;
  /** Offset after the line ending. */
  readonly next: number;
}

export function linesOf(doc: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  while (start < doc.length) {
    const nl = doc.indexOf('\n', start);
    const stop = nl < 0 ? doc.length : nl;
    const text = doc.slice(start, stop).replace(/\r$/, '');
    out.push({ start, text, next: nl < 0 ? doc.length : nl + 1 });
    start = nl < 0 ? doc.length : nl + 1;
  }
  return out;
}

const OPENING = /^( {0,3})(`{3,}|~{3,})(.*)$/;

export function findFences(doc: string): Fence[] {
  const lines = linesOf(doc);
  const fences: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = OPENING.exec(lines[i].text);
    // A backtick fence's info string cannot contain a backtick.
    if (!m || (m[2][0] === '`' && m[3].includes('`'))) continue;
    const indent = m[1].length;
    const marker = m[2];
    const closing = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
    let j = i + 1;
    while (j < lines.length && !closing.test(lines[j].text)) j++;
    const body = lines.slice(i + 1, j);
    const lineStarts = body.map((l) => l.start + Math.min(indent, /^ */.exec(l.text)![0].length));
    const text = body.map((l, k) => l.text.slice(lineStarts[k] - l.start)).join('\n') + (body.length ? '\n' : '');
    const closed = j < lines.length;
    fences.push({
      openLine: i,
      start: lines[i].start,
      end: closed ? lines[j].next : doc.length,
      indent,
      marker,
      lang: m[3].trim().split(/\s+/)[0] ?? '',
      text,
      lineStarts,
      closed,
    });
    i = j;
  }
  return fences;
}

/** The document offset of an offset in a fence's text (past its last line: the end of that line). */
export function documentOffset(fence: Fence, offset: number): number {
  const n = fence.lineStarts.length;
  if (!n) return fence.end;
  const before = fence.text.slice(0, Math.max(0, offset));
  let line = before.split('\n').length - 1;
  let column = before.length - (before.lastIndexOf('\n') + 1);
  if (line >= n) {
    line = n - 1;
    column = fence.text.split('\n')[line].length;
  }
  return fence.lineStarts[line] + column;
}
