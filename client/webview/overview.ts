// The overview bar beside the diagram (like an editor's overview ruler): a
// mark for each statement drawn with an error, at its chunk's place along the
// whole scrolled height; a click on a mark jumps there. The marks are drawn
// into one canvas, merged per pixel row, so thousands of errors cost one pass.
import type { ErrorMark } from './source';

/** A click this close (CSS px) to a mark hits it. */
const REACH = 6;
/** A mark's height (CSS px): visible however tall the flow. */
const MARK = 3;

export class OverviewBar {
  readonly canvas: HTMLCanvasElement;
  private errors: readonly ErrorMark[] = [];
  private scheduled = 0;

  constructor(
    parent: HTMLElement,
    /** Where a chunk starts along the scrolled content, and the content's height, px. */
    private readonly geometry: { top(chunk: number): number; height(): number },
    private readonly jump: (mark: ErrorMark) => void,
  ) {
    this.canvas = Object.assign(document.createElement('canvas'), { id: 'overview', hidden: true, title: 'Errors: click a mark to go there' });
    this.canvas.setAttribute('role', 'navigation');
    this.canvas.setAttribute('aria-label', 'Errors in the flow');
    parent.appendChild(this.canvas);
    this.canvas.addEventListener('click', (e) => {
      const mark = this.markAt(e.offsetY);
      if (mark) this.jump(mark);
    });
    new ResizeObserver(() => this.schedule()).observe(this.canvas);
  }

  /** Shows these errors' marks; no errors, no bar. */
  set(errors: readonly ErrorMark[]): void {
    this.errors = errors;
    this.canvas.hidden = errors.length === 0;
    this.schedule();
  }

  /** Redraws on the next frame (positions moved, the theme changed). */
  schedule(): void {
    if (this.canvas.hidden) return;
    cancelAnimationFrame(this.scheduled);
    this.scheduled = requestAnimationFrame(() => this.draw());
  }

  /** Each mark's top, CSS px along the bar. */
  private positions(): number[] {
    const height = this.canvas.clientHeight;
    const total = Math.max(1, this.geometry.height());
    const tops = new Map<number, number>();
    return this.errors.map((e) => {
      let top = tops.get(e.chunk);
      if (top === undefined) tops.set(e.chunk, (top = this.geometry.top(e.chunk)));
      return Math.min(height - MARK, (top / total) * height);
    });
  }

  private draw(): void {
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(this.canvas.clientWidth * ratio));
    const height = Math.max(1, Math.round(this.canvas.clientHeight * ratio));
    if (this.canvas.width !== width) this.canvas.width = width;
    if (this.canvas.height !== height) this.canvas.height = height;
    const rows = new Uint8Array(height);
    for (const y of this.positions()) {
      const from = Math.max(0, Math.floor(y * ratio));
      rows.fill(1, from, Math.min(height, from + Math.ceil(MARK * ratio)));
    }
    const g = this.canvas.getContext('2d')!;
    g.clearRect(0, 0, width, height);
    g.fillStyle = getComputedStyle(this.canvas).color;
    for (let y = 0; y < height; y++) {
      if (!rows[y]) continue;
      let end = y;
      while (end < height && rows[end]) end++;
      g.fillRect(0, y, width, end - y);
      y = end;
    }
  }

  /** The mark nearest a click, within REACH. */
  private markAt(y: number): ErrorMark | undefined {
    let best: ErrorMark | undefined;
    let distance = REACH;
    this.positions().forEach((top, i) => {
      const d = Math.abs(top + MARK / 2 - y);
      if (d <= distance) [best, distance] = [this.errors[i], d];
    });
    return best;
  }
}
