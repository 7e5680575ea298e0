// The stacked chunk views of the preview. Each chunk is a standalone Mermaid
// diagram; a chunk is drawn again only when its text changed (SVG markup is
// cached by text, so undo or a repeated edit is free), and only when it is on
// or near the screen: an edit in a long flow redraws what the reader sees, the
// rest when scrolled to. Until the new drawing is ready the old one stays in
// place, so nothing flickers or jumps.
import { addHitAreas, type ElementKind } from './elements';
import { applyZoom, frameChunk, type Frame } from './frame';
import { parseSvg } from './standalone';

interface Slot {
  readonly el: HTMLDivElement;
  /** The text this chunk must show, and the text of the drawing on screen. */
  want: string;
  shown?: string;
  /** A text Mermaid could not draw: not tried again until it changes. */
  failed?: string;
  svg?: SVGSVGElement;
  frame?: Frame;
  hits?: Record<ElementKind, SVGRectElement[]>;
  near: boolean;
  forced: boolean;
}

export interface ChunkEvents {
  /** A chunk's new drawing is in the page (re-apply the highlight). */
  mounted(chunk: number): void;
  failed(chunk: number, message: string): void;
}

const CACHE_SIZE = 300;
/** Chunks this far (in viewport heights) above or below the visible area are drawn too. */
const NEAR = 0.5;

const lineCount = (text: string) => text.split('\n').length;

export class ChunkList {
  private slots: Slot[] = [];
  private readonly cache = new Map<string, string>();
  private zoom = 1;
  private pumping = false;
  private idle: (() => void)[] = [];
  /** Height of one line of Mermaid text, measured on drawn chunks: the size of chunks not drawn yet. */
  private pxPerLine = 24;
  private readonly observer: IntersectionObserver;

  constructor(
    private readonly stack: HTMLElement,
    private readonly scroller: HTMLElement,
    private readonly render: (text: string) => Promise<string>,
    private readonly events: ChunkEvents,
  ) {
    this.observer = new IntersectionObserver((entries) => {
      for (const e of entries) {
        const slot = this.slots.find((s) => s.el === e.target);
        if (slot) slot.near = e.isIntersecting;
      }
      void this.pump();
    }, { root: scroller, rootMargin: `${NEAR * 100}% 0px` });
  }

  get count(): number {
    return this.slots.length;
  }

  /** Shows these chunk texts; resolves when every chunk on or near the screen shows its own. */
  show(texts: readonly string[]): Promise<void> {
    while (this.slots.length > texts.length) {
      const s = this.slots.pop()!;
      this.observer.unobserve(s.el);
      s.el.remove();
    }
    texts.forEach((text, i) => {
      const slot = this.slots[i] ?? this.addSlot();
      slot.want = text;
      if (!slot.svg) this.sizePlaceholder(slot);
    });
    this.measureNear();
    return this.pump();
  }

  /** Draws a chunk now even if it is off-screen (to highlight or reveal something in it). */
  ensure(chunk: number): Promise<void> {
    const slot = this.slots[chunk];
    if (slot) slot.forced = true;
    return this.pump();
  }

  /** The hit area of an arrow or note, if its chunk shows its current text. */
  hit(chunk: number, kind: ElementKind, index: number): SVGRectElement | undefined {
    const s = this.slots[chunk];
    return s && s.shown === s.want ? s.hits?.[kind][index] : undefined;
  }

  chunkOf(el: Element): number {
    return this.slots.findIndex((s) => s.el.contains(el));
  }

  setZoom(zoom: number): Promise<void> {
    this.zoom = zoom;
    for (const s of this.slots) {
      if (s.svg && s.frame) applyZoom(s.svg, s.frame, zoom);
      else this.sizePlaceholder(s);
    }
    this.measureNear();
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
    this.stack.appendChild(el);
    this.observer.observe(el);
    const slot: Slot = { el, want: '', near: false, forced: false };
    this.slots.push(slot);
    return slot;
  }

  private sizePlaceholder(s: Slot): void {
    s.el.style.height = `${Math.round(lineCount(s.want) * this.pxPerLine * this.zoom)}px`;
  }

  /** The observer reports asynchronously; a new diagram needs to know now what is on screen. */
  private measureNear(): void {
    const view = this.scroller.getBoundingClientRect();
    const margin = view.height * NEAR;
    for (const s of this.slots) {
      const r = s.el.getBoundingClientRect();
      s.near = r.bottom >= view.top - margin && r.top <= view.bottom + margin;
    }
  }

  private next(): number {
    return this.slots.findIndex((s) => (s.near || s.forced) && s.shown !== s.want && s.failed !== s.want);
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
      for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  private async draw(i: number): Promise<void> {
    const slot = this.slots[i];
    const text = slot.want;
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
    slot.svg = svg;
    slot.shown = text;
    slot.forced = false;
    // The first chunk carries the participant boxes and the title: not a typical height.
    if (i > 0) this.pxPerLine = slot.frame.height / lineCount(text);
    this.events.mounted(i);
  }
}
