// Participant boxes and notes over one participant at the size of their text.
// The layout gives them the width of the widest label that fits between the
// lifelines (so that Mermaid, which does not wrap, never moves the lifelines
// apart: see server/src/language/labels.ts); drawn that wide they would crowd
// the diagram. Each is narrowed around its centre, which is its lifeline, so
// nothing else moves.
import { LAYOUT, labelWidth } from '../../server/src/language/labels';

/** Mermaid's own participant width: the narrowest box. */
const MIN_WIDTH = 150;

const num = (e: Element, name: string) => Number(e.getAttribute(name));

/** The box's text lines: the <text> elements after it in its group. */
function textWidth(box: Element): number {
  let widest = 0;
  for (const t of box.parentElement?.querySelectorAll('text') ?? []) widest = Math.max(widest, labelWidth(t.textContent ?? '', LAYOUT.fontPx));
  return widest;
}

export function narrowBoxes(svg: SVGSVGElement): void {
  for (const box of svg.querySelectorAll('rect.actor, rect.note')) {
    const width = num(box, 'width');
    // Only the boxes sized by the layout: a note over both participants spans the lifelines.
    if (width !== LAYOUT.actorWidth) continue;
    const narrow = Math.min(width, Math.max(MIN_WIDTH, Math.ceil(textWidth(box)) + 2 * LAYOUT.padding));
    box.setAttribute('x', String(num(box, 'x') + (width - narrow) / 2));
    box.setAttribute('width', String(narrow));
  }
}
