// Geometry of a chunk's SVG in the stacked preview. Mermaid lays out every
// chunk on its own; the core breaks labels so that the two lifelines are the
// same distance apart in every chunk. Each chunk is still framed around its
// lifelines and scaled to put them at the same place on screen as in every
// other chunk, should a font be wider than the core's width table. Chunks
// after the first are cut just below the participant boxes, so the stack reads
// as one diagram. The title is centred over the lifelines.
import { NOTE_WIDTH } from '../../server/src/language/labels';
import { narrowBoxes } from './boxes';
import { ACTOR_MARGIN } from './render';

/** Room beside the widest of the participant boxes and the notes over one participant. */
const SIDE = 20;
/** The participant box's border, below which a later chunk starts. */
const BORDER = 1;

export interface Frame {
  /** Size on screen at zoom 1. */
  readonly width: number;
  readonly height: number;
}

const num = (e: Element, name: string) => Number(e.getAttribute(name));

export function frameChunk(svg: SVGSVGElement, first: boolean): Frame {
  const boxes = [...svg.querySelectorAll('rect.actor-top')];
  const lifelines = [...svg.querySelectorAll('line.actor-line')].map((l) => num(l, 'x1')).sort((a, b) => a - b);
  const [vx, vy, vw, vh] = (svg.getAttribute('viewBox') ?? '0 0 0 0').split(/[\s,]+/).map(Number);
  let [x, y, width, height, scale] = [vx, vy, vw, vh, 1];
  if (boxes.length && lifelines.length) {
    // The width Mermaid laid the boxes out with, before they are drawn narrower.
    const boxWidth = num(boxes[0], 'width');
    const left = lifelines[0];
    const span = lifelines[lifelines.length - 1] - left;
    const nominal = (lifelines.length - 1) * (boxWidth + ACTOR_MARGIN);
    scale = span > 0 ? nominal / span : 1;
    narrowBoxes(svg);
    // The same in every chunk: it depends on the participants only.
    const outside = (Math.max(NOTE_WIDTH, ...boxes.map((r) => num(r, 'width'))) / 2 + SIDE) / scale;
    x = left - outside;
    width = span + 2 * outside;
    // Without participant boxes at the bottom, Mermaid draws the lifelines far
    // past the drawing: the frame's bottom edge cuts them, so they meet the next chunk's.
    if (!first) y = Math.max(...boxes.map((r) => num(r, 'y') + num(r, 'height'))) + BORDER;
    height = Math.max(1, vy + vh - y);
    centreTitle(svg, left + span / 2);
  }
  svg.setAttribute('viewBox', `${x} ${y} ${width} ${height}`);
  svg.removeAttribute('style');
  return { width: width * scale, height: height * scale };
}

/** Mermaid starts the title (its one <text> outside any group, without a class) left of the middle: centred over the lifelines. */
function centreTitle(svg: SVGSVGElement, middle: number): void {
  const title = svg.querySelector(':scope > text:not([class])');
  if (!title) return;
  title.setAttribute('x', String(middle));
  title.setAttribute('text-anchor', 'middle');
}

export function applyZoom(svg: SVGSVGElement, frame: Frame, zoom: number): void {
  svg.setAttribute('width', String(frame.width * zoom));
  svg.setAttribute('height', String(frame.height * zoom));
}
