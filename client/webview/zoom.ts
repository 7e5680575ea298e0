// Zoom (Ctrl/Cmd + wheel around the pointer, toolbar buttons) and pan (drag).
// Zooming changes the drawings' pixel size, so the browser scrolls a zoomed
// diagram natively and text stays sharp.
const STEPS = [0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4];
const MIN = STEPS[0];
const MAX = STEPS[STEPS.length - 1];
/** A press that moves less than this is a click, not a drag. */
const DRAG = 4;

export class ZoomPan {
  private current = 1;
  private dragged = false;

  constructor(
    private readonly scroller: HTMLElement,
    private readonly apply: (zoom: number) => void,
  ) {
    scroller.addEventListener('wheel', (e) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      this.set(this.current * Math.exp(-e.deltaY * 0.002), e);
    }, { passive: false });
    scroller.addEventListener('pointerdown', (e) => this.startDrag(e));
    // A drag ends with a click on whatever is under the pointer: not a click on an arrow.
    scroller.addEventListener('click', (e) => {
      if (this.dragged) e.stopImmediatePropagation();
      this.dragged = false;
    }, { capture: true });
  }

  get level(): number {
    return this.current;
  }

  zoomIn(): void {
    this.set(STEPS.find((s) => s > this.current + 1e-3) ?? MAX);
  }

  zoomOut(): void {
    this.set([...STEPS].reverse().find((s) => s < this.current - 1e-3) ?? MIN);
  }

  /** Zooms so that a drawing of this natural width fills the view's width. */
  fitWidth(naturalWidth: number): void {
    if (naturalWidth > 0) this.set((this.scroller.clientWidth - 32) / naturalWidth);
  }

  /** Sets the zoom, keeping the point under the pointer (or the view's top-left) where it is. */
  set(level: number, at?: { clientX: number; clientY: number }): void {
    const next = Math.min(MAX, Math.max(MIN, level));
    if (Math.abs(next - this.current) < 1e-4) return;
    const box = this.scroller.getBoundingClientRect();
    const dx = at ? at.clientX - box.left : 0;
    const dy = at ? at.clientY - box.top : 0;
    const x = (this.scroller.scrollLeft + dx) / this.current;
    const y = (this.scroller.scrollTop + dy) / this.current;
    this.current = next;
    this.apply(next);
    this.scroller.scrollLeft = x * next - dx;
    this.scroller.scrollTop = y * next - dy;
  }

  private startDrag(down: PointerEvent): void {
    if (down.button !== 0) return;
    this.dragged = false;
    const { scrollLeft, scrollTop } = this.scroller;
    const move = (e: PointerEvent) => {
      const dx = e.clientX - down.clientX;
      const dy = e.clientY - down.clientY;
      if (!this.dragged && Math.hypot(dx, dy) < DRAG) return;
      this.dragged = true;
      this.scroller.classList.add('panning');
      this.scroller.scrollLeft = scrollLeft - dx;
      this.scroller.scrollTop = scrollTop - dy;
    };
    const up = () => {
      this.scroller.classList.remove('panning');
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }
}
