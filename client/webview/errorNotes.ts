// Error notes look like errors in every drawing, with or without the cursor:
// a red box, red text, and the "✖ TFxxx:" the core writes. The core draws a
// statement with an error inside a red `rect` band, with the message as a note
// over both participants; a flow cannot draw such a band (its text is escaped),
// so a note inside a band is an error note. It gets a class here, and the
// colours come with Mermaid's own stylesheet (themeCSS, scoped to the diagram
// and written into the SVG), so an exported SVG or PNG keeps them.
import type { ThemeKind } from './theme';

export const ERROR_NOTE_CLASS = 'tf-error-note';

const num = (e: Element, name: string) => Number(e.getAttribute(name));

/** Marks the group of each note that lies in a band (Mermaid's markup, parsed; no layout needed). */
export function markErrorNotes(svg: SVGSVGElement): void {
  const bands = [...svg.querySelectorAll('rect.rect')].map((b) => ({ x: num(b, 'x'), y: num(b, 'y'), right: num(b, 'x') + num(b, 'width'), bottom: num(b, 'y') + num(b, 'height') }));
  if (!bands.length) return;
  for (const note of svg.querySelectorAll('rect.note')) {
    const [x, y] = [num(note, 'x'), num(note, 'y')];
    const inside = bands.some((b) => x >= b.x && y >= b.y && x + num(note, 'width') <= b.right && y + num(note, 'height') <= b.bottom);
    if (inside) note.parentElement?.classList.add(ERROR_NOTE_CLASS);
  }
}

/** Box, border and text of an error note in each theme: the text reaches 4.5:1 on the box. */
const COLOURS: Record<ThemeKind, { readonly fill: string; readonly stroke: string; readonly text: string }> = {
  light: { fill: '#fde7e9', stroke: '#c50f1f', text: '#a4262c' },
  dark: { fill: '#442726', stroke: '#f14c4c', text: '#ffb3b3' },
  'high-contrast': { fill: '#000000', stroke: '#ff4d4d', text: '#ffffff' },
  'high-contrast-light': { fill: '#ffffff', stroke: '#b5200d', text: '#000000' },
};

/** Mermaid's themeCSS for error notes (more specific than Mermaid's own `.note` rules). */
export function errorNoteCss(kind: ThemeKind): string {
  const c = COLOURS[kind];
  return `.${ERROR_NOTE_CLASS} rect.note { fill: ${c.fill}; stroke: ${c.stroke}; stroke-width: 2px; }
.${ERROR_NOTE_CLASS} .noteText, .${ERROR_NOTE_CLASS} .noteText > tspan { fill: ${c.text}; }`;
}
