// The stacked chunk views of the preview. Each chunk is a standalone Mermaid
// diagram; a chunk is drawn again only when its text changed (SVG markup is
// cached by text, so undo or a repeated edit is free), and only when it is on
// or near the screen: an edit in a long flow redraws what the reader sees, the
// rest when scrolled to. Until the new drawing is ready the old one stays in
// place, so nothing flickers or jumps. Only the chunks within a few screens
// are in the page, between two spacers that stand for the others at their
// heights (measured when drawn, else estimated from the drawn ones), so a
// flow of any length holds a few elements and the scroll bar stays
// proportional. A chunk whose text has not arrived yet (a large flow's chunks
// come when asked for) is a placeholder of its estimated height.
import { addHitAreas, type ElementKind } from './elements';
import { applyZoom, frameChunk, type Frame } from './frame';
import { parseSvg } from './standalone';

interface Slot {
  /** Its element while it is in the page. */
  el?: HTMLDivElement;
  /** The text this chunk must show (undefined until it arrives), and the text of the drawing on screen. */
  want?: string;
  shown?: string;
  /** A text Mermaid could not draw: not tried again until it changes. */
  failed?: string;
  svg?: SVGSVGElement;
  frame?: Frame;
  hits?: Record<ElementKind, SVGRectElement[]>;
  /** The height of its last drawing at zoom 1: its height out of the page or without a drawing. */
  measured?: number;
  /** Its height at zoom 1 until it is drawn: estimated when its text came, and when the estimate of all moved. */
  estimate?: number;
  near: boolean;
  forced: boolean;
}

/** Where the chunks' texts and the lines of their elements come from. */
export interface ChunkSource {
  text(chunk: number): string | undefined;
  /** These chunks are needed and have no text: ask for them (ChunkList.supplied says when they arrive). */
  request(chunks: readonly number[]): void;
  /** The source line (0-based) of a chunk's n-th arrow or note. */
  lineOf(chunk: number, kind: ElementKind, index: number): number | undefined;
}

export interface ChunkEvents {
  /** A chunk's new drawing is in the page (re-apply the highlight). */
  mounted(chunk: number): void;
  failed(chunk: number, message: string): void;
  /** Chunks changed height (drawn, taken out, resized): positions along the stack moved. */
  resized(): void;
}

/** Mermaid markup kept by text: undo, or scrolling back, needs no new drawing. */
const CACHE_SIZE = 300;
/** Chunks this far (in viewport heights) above or below the visible area are drawn too. */
const NEAR = 0.5;
/** Chunks further than this (in viewport heights) are taken out of the page. */
const KEEP = 2;

const lineCount = (text: string) => text.split('\n').length;

export class ChunkList {
  private slots: Slot[] = [];
  private readonly cache = new Map<string, string>();
  /** The chunks in the page: [from, to). */
  private range = { from: 0, to: 0 };
  private readonly above = document.createElement('div');
  private readonly below = document.createElement('div');
  /** Where each chunk starts at zoom 1 (and the total at the end), from the slots' heights; undefined when one changed. */
  private offsets: Float64Array | undefined;
  private zoom = 1;
  private pumping = false;
  private idle: (() => void)[] = [];
  /** Measured on drawn chunks (after the first): the estimated size of the others, by text lines or whole. */
  private pxPerLine = 24;
  private chunkPx: number | undefined;
  private readonly measuredSum = { px: 0, lines: 0, chunks: 0 };
  private scheduled = 0;

  constructor(
    stack: HTMLElement,
    private readonly scroller: HTMLElement,
    private readonly render: (text: string) => Promise<string>,
    private readonly source: ChunkSource,
    private readonly events: ChunkEvents,
  ) {
    this.above.className = this.below.className = 'chunk-spacer';
    stack.append(this.above, this.below);
    scroller.addEventListener('scroll', () => {
      cancelAnimationFrame(this.scheduled);
      this.scheduled = requestAnimationFrame(() => {
        this.measureNear();
        void this.pump();
      });
    }, { passive: true });
  }

  /** Shows `count` chunks of the source; resolves when every chunk on or near the screen shows its text. */
  show(count: number): Promise<void> {
    this.place(Math.min(this.range.from, count), Math.min(this.range.to, count));
    this.slots.length = Math.min(this.slots.length, count);
    while (this.slots.length < count) this.slots.push({ near: false, forced: false });
    this.slots.forEach((slot, i) => {
      slot.want = this.source.text(i);
      if (!slot.svg) this.sizePlaceholder(slot, true);
    });
    this.offsets = undefined;
    this.measureNear();
    return this.pump();
  }

  /** Texts of these chunks arrived from the source. */
  supplied(chunks: readonly number[]): Promise<void> {
    for (const i of chunks) {
      const slot = this.slots[i];
      if (!slot) continue;
      slot.want = this.source.text(i);
      if (!slot.svg) this.sizePlaceholder(slot, true);
    }
    return this.pump();
  }

  /** Draws a chunk now even if it is off-screen (to highlight or reveal something in it); one out of the page is scrolled to. */
  ensure(chunk: number): Promise<void> {
    const slot = this.slots[chunk];
    if (!slot) return this.pump();
    slot.forced = true;
    if (!slot.el) {
      this.scroller.scrollTop = this.top(chunk) - this.scroller.clientHeight / 3;
      this.measureNear();
    }
    if (slot.want === undefined) this.source.request([chunk]);
    return this.pump();
  }

  /** The hit area of an arrow or note, if its chunk shows its current text. */
  hit(chunk: number, kind: ElementKind, index: number): SVGRectElement | undefined {
    const s = this.slots[chunk];
    return s && s.want !== undefined && s.shown === s.want ? s.hits?.[kind][index] : undefined;
  }

  /** Where a chunk starts along the scrolled content, px. */
  top(chunk: number): number {
    const offsets = this.layout();
    return this.above.offsetTop + offsets[Math.max(0, Math.min(chunk, this.slots.length))] * this.zoom;
  }

  setZoom(zoom: number): Promise<void> {
    this.zoom = zoom;
    this.offsets = undefined;
    for (const s of this.slots) {
      if (s.svg && s.frame) applyZoom(s.svg, s.frame, zoom);
      else this.sizePlaceholder(s);
    }
    this.measureNear();
    this.events.resized();
    return this.pump();
  }

  /** The theme changed: every drawing is redrawn (the old ones stay until then). */
  invalidate(): Promise<void> {
    this.cache.clear();
    for (const s of this.slots) s.shown = s.failed = undefined;
    return this.pump();
  }

  /** A chunk's height at zoom 1: its drawing's, else its last drawing's, else its estimate. */
  private heightOf(s: Slot): number {
    return s.frame?.height ?? s.measured ?? s.estimate ?? this.estimateOf(s);
  }

  /** The height of a chunk not drawn yet, from the drawn ones: by its text's lines, or a typical chunk's until its text comes. */
  private estimateOf(s: Slot): number {
    return s.want !== undefined ? lineCount(s.want) * this.pxPerLine : this.chunkPx ?? 12 * 2 * this.pxPerLine;
  }

  /**
   * A chunk without a drawing: a placeholder of its height, estimated again
   * when `fresh` (its text is new, or the estimate moved) — never on the
   * way, so drawing one chunk does not move the others.
   */
  private sizePlaceholder(s: Slot, fresh = false): void {
    if (fresh || s.estimate === undefined) s.estimate = this.estimateOf(s);
    this.offsets = undefined;
    if (s.el) s.el.style.height = `${Math.round(this.heightOf(s) * this.zoom)}px`;
  }

  private layout(): Float64Array {
    if (this.offsets) return this.offsets;
    const offsets = new Float64Array(this.slots.length + 1);
    this.slots.forEach((s, i) => (offsets[i + 1] = offsets[i] + this.heightOf(s)));
    this.offsets = offsets;
    this.sizeSpacers();
    return offsets;
  }

  /** The first chunk that ends below y (content px), by bisection. */
  private chunkAt(y: number): number {
    const offsets = this.layout();
    const at = (y - this.above.offsetTop) / this.zoom;
    let lo = 0;
    let hi = this.slots.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (offsets[mid + 1] < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The chunks on or near the screen are drawn; those within KEEP screens are in the page, the rest out. */
  private measureNear(): void {
    const top = this.scroller.scrollTop;
    const height = this.scroller.clientHeight;
    const span = (margin: number) => {
      const from = this.chunkAt(top - margin * height);
      return { from, to: Math.max(from + 1, Math.min(this.slots.length, this.chunkAt(top + height * (1 + margin)) + 1)) };
    };
    const near = span(NEAR);
    const keep = span(KEEP);
    // A chunk being drawn for a highlight stays in the page until it is drawn.
    this.slots.forEach((s, i) => {
      if (s.forced && s.el) {
        keep.from = Math.min(keep.from, i);
        keep.to = Math.max(keep.to, i + 1);
      }
    });
    this.place(Math.min(keep.from, this.slots.length), Math.min(keep.to, this.slots.length));
    this.slots.forEach((s, i) => (s.near = i >= near.from && i < near.to));
    const missing: number[] = [];
    for (let i = near.from; i < Math.min(near.to, this.slots.length); i++) if (this.slots[i].want === undefined) missing.push(i);
    if (missing.length) this.source.request(missing);
  }

  /** Puts chunks [from, to) in the page between the spacers, and takes the others out. */
  private place(from: number, to: number): void {
    const old = this.range;
    for (let i = old.from; i < old.to; i++) if (i < from || i >= to) this.takeOut(i);
    const before: HTMLDivElement[] = [];
    const after: HTMLDivElement[] = [];
    for (let i = from; i < to; i++) {
      if (i >= old.from && i < old.to) continue;
      (i < old.from ? before : after).push(this.putIn(i));
    }
    if (before.length) this.above.after(...before);
    if (after.length) this.below.before(...after);
    this.range = { from, to };
    this.sizeSpacers();
  }

  private putIn(i: number): HTMLDivElement {
    const s = this.slots[i];
    const el = document.createElement('div');
    el.className = 'chunk';
    el.dataset.chunk = String(i);
    s.el = el;
    this.sizePlaceholder(s);
    return el;
  }

  /** Takes a chunk out of the page with its drawing; its height is kept. */
  private takeOut(i: number): void {
    const s = this.slots[i];
    if (!s) return;
    s.el?.remove();
    s.el = s.svg = s.frame = s.hits = s.shown = undefined;
    s.forced = false;
  }

  private sizeSpacers(): void {
    const offsets = this.offsets;
    if (!offsets) return;
    const n = this.slots.length;
    this.above.style.height = `${Math.round(offsets[Math.min(this.range.from, n)] * this.zoom)}px`;
    this.below.style.height = `${Math.round((offsets[n] - offsets[Math.min(this.range.to, n)]) * this.zoom)}px`;
  }

  private next(): number {
    return this.slots.findIndex((s) => (s.near || s.forced) && s.el && s.want !== undefined && s.shown !== s.want && s.failed !== s.want);
  }

  /** A chunk needed on screen whose text has not arrived. */
  private waiting(): boolean {
    return this.slots.some((s) => (s.near || s.forced) && s.want === undefined);
  }

  private pump(): Promise<void> {
    const done = new Promise<void>((resolve) => this.idle.push(resolve));
    if (!this.pumping) void this.drain();
    return done;
  }

  private async drain(): Promise<void> {
    this.pumping = true;
    try {
      for (let i = this.next(); i >= 0; i = this.next()) await this.draw(i);
    } finally {
      this.pumping = false;
      // Still waiting for texts: the waiters are told when they have arrived and are drawn.
      if (!this.waiting()) for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  private async draw(i: number): Promise<void> {
    const slot = this.slots[i];
    const text = slot.want!;
    let markup = this.cache.get(text);
    if (markup === undefined) {
      try {
        markup = await this.render(text);
      } catch (e) {
        slot.failed = text;
        this.events.failed(i, e instanceof Error ? e.message : String(e));
        return;
      }
    }
    this.cache.delete(text);
    this.cache.set(text, markup);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    if (this.slots[i] !== slot || slot.want !== text || !slot.el) return;
    const svg = parseSvg(markup);
    slot.el.replaceChildren(svg);
    slot.el.style.height = '';
    this.offsets = undefined;
    slot.frame = frameChunk(svg, i === 0);
    applyZoom(svg, slot.frame, this.zoom);
    slot.hits = addHitAreas(svg);
    for (const kind of ['arrow', 'note'] as const) {
      slot.hits[kind].forEach((hit, n) => {
        const line = this.source.lineOf(i, kind, n);
        if (line !== undefined) hit.dataset.line = String(line);
      });
    }
    slot.svg = svg;
    slot.shown = text;
    slot.forced = false;
    this.learn(slot, i, text);
    this.layout();
    this.events.mounted(i);
    this.events.resized();
    // The drawing may be taller or shorter than its placeholder: what is near the screen changed.
    this.measureNear();
  }

  /** A drawn chunk's height: kept for its placeholder, and (after the first, which has the title and boxes) the estimate of the others. */
  private learn(slot: Slot, i: number, text: string): void {
    const px = slot.frame!.height;
    const first = slot.measured === undefined;
    slot.measured = px;
    if (i === 0 || !first) return;
    const sum = this.measuredSum;
    sum.px += px;
    sum.lines += lineCount(text);
    sum.chunks++;
    const estimate = sum.px / sum.chunks;
    // Re-estimating every placeholder costs a pass over all of them, and moves them: only when the estimate moved.
    if (this.chunkPx !== undefined && Math.abs(estimate - this.chunkPx) <= this.chunkPx * 0.1) return;
    this.chunkPx = estimate;
    this.pxPerLine = sum.px / sum.lines;
    for (const s of this.slots) if (!s.svg && s.measured === undefined) this.sizePlaceholder(s, true);
  }
}
