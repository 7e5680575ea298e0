// Line breaks for the labels of the diagram, decided here rather than by
// Mermaid. Mermaid's own wrapping measures a label word by word in the browser
// (a DOM insertion and a forced layout per word, twice per label, and no cache
// hit since every label has its own numbers): most of the time of a large
// render. The core knows every label and the room it has, so it breaks them
// with a width table, and Mermaid draws them as they are.

/**
 * The geometry of every diagram, shared with the Mermaid configuration of the
 * preview (client/webview/render.ts). Without wrapping, Mermaid widens the gap
 * between two lifelines when a label (plus padding) is wider than a
 * participant box, and a note over both when it is wider than two boxes: labels
 * broken to fit keep the lifelines the same distance apart in every chunk.
 */
export const LAYOUT = {
  /**
   * Width of a participant box as Mermaid lays it out (`sequence.width`); the
   * preview and the export then draw the boxes narrower (client/webview/boxes.ts).
   */
  actorWidth: 400,
  /** Gap between two participant boxes: the lifelines are actorWidth + actorMargin apart. */
  actorMargin: 50,
  /** Room Mermaid leaves on each side of a label or inside a note. */
  padding: 10,
  /** Font size of labels and notes, in pixels (Mermaid's default for arrow labels). */
  fontPx: 16,
} as const;

/** The widest note over one participant, in pixels. */
export const NOTE_WIDTH = 300;

/** The widest line of each kind of label, in pixels. */
export const ROOM = {
  arrow: LAYOUT.actorWidth - 2 * LAYOUT.padding,
  /**
   * A note over one participant, centred on its lifeline: at most NOTE_WIDTH
   * wide, which the preview's frame around each chunk leaves room for.
   */
  note: NOTE_WIDTH - 2 * LAYOUT.padding,
  /** A note over both participants: Mermaid draws it a margin wider than the lifelines' distance. */
  wideNote: Math.min(2 * LAYOUT.actorWidth, LAYOUT.actorWidth + 2 * LAYOUT.actorMargin) - 2 * LAYOUT.padding,
} as const;

/**
 * Advance widths of the characters ' ' to '~' in thousandths of an em, from
 * DejaVu Sans. Mermaid's diagram font is `"trebuchet ms", verdana, arial,
 * sans-serif`; DejaVu Sans has Verdana's metrics, the widest of that list, and
 * is the usual sans-serif where none of them is installed. A line that fits
 * by this table fits in whichever of these fonts the browser picks.
 */
const ASCII = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337,
  636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
  1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
  603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
  500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
  635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];
/** Any other character: a full em, the width of the widest glyphs (CJK, wide symbols). */
const OTHER = 1000;

/**
 * Mermaid measures an entity code (`#60;`) in its internal form `ﬂ°°60¶ß`
 * (it becomes the character only in the finished SVG), so that is the width
 * the layout reserves for it: the widths of ﬂ, ° and ¶ß in DejaVu Sans.
 */
const entityWidth = (digits: string) => 630 + 2 * 500 + digits.length * ASCII['0'.charCodeAt(0) - 32] + 636 + 630;

/** Thousandths of an em of one character. */
function charWidth(ch: string): number {
  const c = ch.codePointAt(0)!;
  return c >= 32 && c <= 126 ? ASCII[c - 32] : OTHER;
}

/** An entity code, where Mermaid text has one. */
const ENTITY = /#(\d+);/y;

/** The piece of Mermaid label text at `i` that is never split (an entity code, or one character): its length and width. */
function pieceAt(text: string, i: number): { length: number; width: number } {
  if (text.charCodeAt(i) === 35 /* # */) {
    ENTITY.lastIndex = i;
    const m = ENTITY.exec(text);
    if (m) return { length: m[0].length, width: entityWidth(m[1]) };
  }
  const c = text.codePointAt(i)!;
  return { length: c > 0xffff ? 2 : 1, width: charWidth(String.fromCodePoint(c)) };
}

/** Width in thousandths of an em. */
function units(text: string): number {
  let w = 0;
  for (let i = 0; i < text.length;) {
    const p = pieceAt(text, i);
    w += p.width;
    i += p.length;
  }
  return w;
}

/** Width in pixels of Mermaid label text (entity codes as Mermaid measures them) at a font size in pixels. */
export function labelWidth(text: string, fontPx: number): number {
  return (units(text) * fontPx) / 1000;
}

/**
 * Mermaid label text (already escaped: no markup, entity codes for special
 * characters) broken into lines no wider than `maxPx`: at spaces, and a word
 * wider than a line is cut between characters (never inside an entity code).
 */
export function breakLabel(text: string, maxPx: number, fontPx: number): string[] {
  const max = (maxPx * 1000) / fontPx;
  const space = charWidth(' ');
  const lines: string[] = [];
  let line = '';
  let width = 0;
  for (const word of text.split(' ')) {
    if (!word) continue;
    const wordWidth = units(word);
    if (line && width + space + wordWidth <= max) {
      line += ` ${word}`;
      width += space + wordWidth;
      continue;
    }
    if (line) lines.push(line);
    if (wordWidth <= max) {
      line = word;
      width = wordWidth;
      continue;
    }
    line = '';
    width = 0;
    for (let i = 0; i < word.length;) {
      const p = pieceAt(word, i);
      if (line && width + p.width > max) {
        lines.push(line);
        line = '';
        width = 0;
      }
      line += word.slice(i, i + p.length);
      width += p.width;
      i += p.length;
    }
  }
  if (line || !lines.length) lines.push(line);
  return lines;
}
