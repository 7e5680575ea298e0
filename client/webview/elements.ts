// Which parts of a chunk's SVG draw which arrow or note. Mermaid writes a
// message as its label line(s) then its line, and a note as its box then its
// label line(s); a wrapped label is several <text> elements, so the n-th arrow
// is the n-th message line with the labels before it, and the n-th note the
// n-th note box with the labels after it. Each gets a transparent hit area on
// top, the click target, outlined when the editor's cursor is on its line; and
// a mark of the same size behind the whole drawing, tinted then: a tint on top
// would cover the arrow and dim its label.
const SVG_NS = 'http://www.w3.org/2000/svg';
const PAD = 4;

export type ElementKind = 'arrow' | 'note';

/** A message's label lines come before its line. */
function arrowParts(svg: SVGSVGElement): Element[][] {
  const out: Element[][] = [];
  let labels: Element[] = [];
  for (const e of svg.querySelectorAll('.messageText, .messageLine0, .messageLine1')) {
    if (e.classList.contains('messageText')) labels.push(e);
    else {
      out.push([...labels, e]);
      labels = [];
    }
  }
  return out;
}

/** A note's box comes before its label lines. */
function noteParts(svg: SVGSVGElement): Element[][] {
  const out: Element[][] = [];
  for (const e of svg.querySelectorAll('rect.note, .noteText')) {
    if (e.tagName === 'rect') out.push([e]);
    else out[out.length - 1]?.push(e);
  }
  return out;
}

function box(parts: Element[]): DOMRect | undefined {
  let r: { x1: number; y1: number; x2: number; y2: number } | undefined;
  for (const p of parts) {
    const b = (p as SVGGraphicsElement).getBBox();
    r = r ? { x1: Math.min(r.x1, b.x), y1: Math.min(r.y1, b.y), x2: Math.max(r.x2, b.x + b.width), y2: Math.max(r.y2, b.y + b.height) } : { x1: b.x, y1: b.y, x2: b.x + b.width, y2: b.y + b.height };
  }
  return r && new DOMRect(r.x1 - PAD, r.y1 - PAD, r.x2 - r.x1 + 2 * PAD, r.y2 - r.y1 + 2 * PAD);
}

/** The mark behind each hit area. */
const marks = new WeakMap<SVGRectElement, SVGRectElement>();

function rectAt(b: DOMRect, className: string): SVGRectElement {
  const r = document.createElementNS(SVG_NS, 'rect');
  r.setAttribute('class', className);
  for (const [k, v] of Object.entries({ x: b.x, y: b.y, width: b.width, height: b.height, rx: 3 })) r.setAttribute(k, String(v));
  return r;
}

/** Adds the hit areas (and their marks); returns them by kind, in drawing order. */
export function addHitAreas(svg: SVGSVGElement): Record<ElementKind, SVGRectElement[]> {
  const found: Record<ElementKind, Element[][]> = { arrow: arrowParts(svg), note: noteParts(svg) };
  const out: Record<ElementKind, SVGRectElement[]> = { arrow: [], note: [] };
  const behind = document.createElementNS(SVG_NS, 'g');
  behind.setAttribute('class', 'tf-marks');
  for (const kind of ['arrow', 'note'] as const) {
    found[kind].forEach((parts, i) => {
      const b = box(parts);
      if (!b) return;
      const hit = rectAt(b, `tf-hit tf-${kind}`);
      hit.dataset.kind = kind;
      hit.dataset.index = String(i);
      svg.appendChild(hit);
      const mark = rectAt(b, 'tf-mark');
      behind.appendChild(mark);
      marks.set(hit, mark);
      out[kind].push(hit);
    });
  }
  svg.insertBefore(behind, svg.firstChild);
  return out;
}

/** Highlights an arrow or a note (the editor's cursor is on its line), or not. */
export function setActive(hit: SVGRectElement, active: boolean): void {
  hit.classList.toggle('tf-active', active);
  marks.get(hit)?.classList.toggle('tf-active', active);
}
