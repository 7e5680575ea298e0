// The stacked chunk views of the preview. Each chunk is a standalone Mermaid
// diagram; a chunk is drawn again only when its text changed (SVG markup is
// cached by text, so undo or a repeated edit is free), and only when it is on
// or near the screen: an edit in a long flow redraws what the reader sees, the
// rest when scrolled to. Until the new drawing is ready the old one stays in
// place, so nothing flickers or jumps. A drawing far from the screen is taken
// out of the page (its place keeps its height), so a flow of any length holds
// a few drawings; a chunk whose text has not arrived yet (a large flow's
// chunks come when asked for) is a placeholder of the estimated height.
import { addHitAreas, type ElementKind } from './elements';
import { applyZoom, frameChunk, type Frame } from './frame';
import { parseSvg } from './standalone';

interface Slot {
  readonly el: HTMLDivElement;
  /** The text this chunk must show (undefined until it arrives), and the text of the drawing on screen. */
  want?: string;
  shown?: string;
  /** A text Mermaid could not draw: not tried again until it changes. */
  failed?: string;
  svg?: SVGSVGElement;
  frame?: Frame;
  hits?: Record<ElementKind, SVGRectElement[]>;
  /** The height of its last drawing at zoom 1: its placeholder's height once taken out. */
  measured?: number;
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
/** Drawings further than this (in viewport heights) are taken out of the page. */
const KEEP = 2;

const lineCount = (text: string) => text.split('\n').length;

export class ChunkList {
  private slots: Slot[] = [];
  private readonly cache = new Map<string, string>();
  /** The chunks whose drawing is in the page. */
  private readonly mountedSet = new Set<number>();
  private zoom = 1;
  private pumping = false;
  private idle: (() => void)[] = [];
  /** Measured on drawn chunks (after the first): the estimated size of the others, by text lines or whole. */
  private pxPerLine = 24;
  private chunkPx: number | undefined;
  private measuredSum = 0;
  private measuredCount = 0;
  private scheduled = 0;

  constructor(
    private readonly stack: HTMLElement,
    private readonly scroller: HTMLElement,
    private readonly render: (text: string) => Promise<string>,
    private readonly source: ChunkSource,
    private readonly events: ChunkEvents,
  ) {
    scroller.addEventListener('scroll', () => {
      cancelAnimationFrame(this.scheduled);
      this.scheduled = requestAnimationFrame(() => {
        this.measureNear();
        void this.pump();
      });
    }, { passive: true });
  }

  get count(): number {
    return this.slots.length;
  }

  /** How many drawings are in the page. */
  get mounted(): number {
    return this.mountedSet.size;
  }

  /** Shows `count` chunks of the source; resolves when every chunk on or near the screen shows its text. */
  show(count: number): Promise<void> {
    while (this.slots.length > count) {
      const s = this.slots.pop()!;
      this.mountedSet.delete(this.slots.length);
      s.el.remove();
    }
    const fresh: HTMLDivElement[] = [];
    while (this.slots.length < count) fresh.push(this.addSlot().el);
    this.stack.append(...fresh);
    this.slots.forEach((slot, i) => {
      slot.want = this.source.text(i);
      if (!slot.svg) this.sizePlaceholder(slot);
    });
    this.measureNear();
    return this.pump();
  }

  /** Texts of these chunks arrived from the source. */
  supplied(chunks: readonly number[]): Promise<void> {
    for (const i of chunks) {
      const slot = this.slots[i];
      if (!slot) continue;
      slot.want = this.source.text(i);
      if (!slot.svg) this.sizePlaceholder(slot);
    }
    return this.pump();
  }

  /** Draws a chunk now even if it is off-screen (to highlight or reveal something in it). */
  ensure(chunk: number): Promise<void> {
    const slot = this.slots[chunk];
    if (slot) slot.forced = true;
    if (slot?.want === undefined) this.source.request([chunk]);
    return this.pump();
  }

  /** The hit area of an arrow or note, if its chunk shows its current text. */
  hit(chunk: number, kind: ElementKind, index: number): SVGRectElement | undefined {
    const s = this.slots[chunk];
    return s && s.want !== undefined && s.shown === s.want ? s.hits?.[kind][index] : undefined;
  }

  /** Where a chunk starts along the scrolled content, px. */
  top(chunk: number): number {
    return this.slots[chunk]?.el.offsetTop ?? 0;
  }

  setZoom(zoom: number): Promise<void> {
    this.zoom = zoom;
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

  private addSlot(): Slot {
    const el = document.createElement('div');
    el.className = 'chunk';
    el.dataset.chunk = String(this.slots.length);
    const slot: Slot = { el, near: false, forced: false };
    this.slots.push(slot);
    return slot;
  }

  /** A chunk without a drawing: its last drawing's height, else one estimated from the drawn ones. */
  private sizePlaceholder(s: Slot): void {
    const px = s.measured ?? (s.want !== undefined ? lineCount(s.want) * this.pxPerLine : this.chunkPx ?? 12 * 2 * this.pxPerLine);
    s.el.style.height = `${Math.round(px * this.zoom)}px`;
  }

  /** The chunks on or near the screen (found by bisection: chunks lie in order), and those too far to keep. */
  private measureNear(): void {
    const top = this.scroller.scrollTop;
    const height = this.scroller.clientHeight;
    const bottomOf = (i: number) => this.slots[i].el.offsetTop + this.slots[i].el.offsetHeight;
    const firstBelow = (y: number) => {
      let lo = 0;
      let hi = this.slots.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (bottomOf(mid) < y) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const range = (margin: number) => {
      const from = firstBelow(top - margin * height);
      let to = from;
      while (to < this.slots.length && this.slots[to].el.offsetTop <= top + height * (1 + margin)) to++;
      return [from, to] as const;
    };
    const [from, to] = range(NEAR);
    const [keepFrom, keepTo] = range(KEEP);
    for (const i of this.mountedSet) {
      if (i < keepFrom || i >= keepTo) this.unmount(i);
    }
    this.slots.forEach((s, i) => (s.near = i >= from && i < to));
    const missing: number[] = [];
    for (let i = from; i < to; i++) if (this.slots[i].want === undefined) missing.push(i);
    if (missing.length) this.source.request(missing);
  }

  /** Takes a drawing out of the page; its place keeps its height. */
  private unmount(i: number): void {
    const s = this.slots[i];
    if (s.forced) return;
    this.mountedSet.delete(i);
    s.el.replaceChildren();
    s.svg = s.frame = s.hits = s.shown = undefined;
    this.sizePlaceholder(s);
  }

  private next(): number {
    return this.slots.findIndex((s) => (s.near || s.forced) && s.want !== undefined && s.shown !== s.want && s.failed !== s.want);
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
    if (this.slots[i] !== slot || slot.want !== text) return;
    const svg = parseSvg(markup);
    slot.el.replaceChildren(svg);
    slot.el.style.height = '';
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
    this.mountedSet.add(i);
    this.learn(slot, i, text);
    this.events.mounted(i);
    this.events.resized();
  }

  /** A drawn chunk's height: kept for its placeholder, and (after the first, which has the title and boxes) the estimate of the others. */
  private learn(slot: Slot, i: number, text: string): void {
    const px = slot.frame!.height;
    const first = slot.measured === undefined;
    slot.measured = px;
    if (i === 0) return;
    this.pxPerLine = px / lineCount(text);
    if (!first) return;
    this.measuredSum += px;
    this.measuredCount++;
    const estimate = this.measuredSum / this.measuredCount;
    // Re-estimating every placeholder costs a pass over all of them: only when the estimate moved.
    const moved = this.chunkPx === undefined || Math.abs(estimate - this.chunkPx) > this.chunkPx * 0.1;
    this.chunkPx = estimate;
    if (moved) for (const s of this.slots) if (!s.svg && s.measured === undefined && s.want === undefined) this.sizePlaceholder(s);
  }
}
