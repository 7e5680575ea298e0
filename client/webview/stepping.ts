// The preview's second view and its stepping through time: a bar with the two
// views (sequence, states) and the step control (← / → and a slider), the
// state view, the TCB panel, and the dimming of what lies after the step in
// the sequence diagram. It shares the page with `Preview` and touches only the
// sequence diagram's hit areas (a class), never its drawing.
import type { StepView } from '../../server/src/protocol';
import { stepAtLine } from '../../server/src/language/stepping';
import type { FromWebview, PreviewView, ToWebview } from './messages';
import { StateView } from './stateView';
import { renderTcb } from './tcbPanel';
import { themeKindOf } from './theme';

export interface SteppingHost {
  post(message: FromWebview): void;
  /** Keeps the view and the stepping switch in the webview's state (remembered per panel). */
  remember(view: PreviewView, stepping: boolean): void;
}

const CSS = `
#tf-bar { position: absolute; top: 0; left: 0; right: 0; height: 30px; z-index: 4; display: flex; gap: 6px; align-items: center;
  padding: 0 8px; box-sizing: border-box; border-bottom: 1px solid var(--vscode-panel-border, #ddd);
  background: var(--vscode-editor-background, #fff); font-size: 12px; }
#tf-bar button { font: inherit; color: inherit; background: transparent; border: 1px solid transparent; border-radius: 3px; padding: 2px 8px; cursor: pointer; }
#tf-bar button[aria-pressed="true"] { background: var(--vscode-button-background, #0e639c); color: var(--vscode-button-foreground, #fff); }
#tf-bar .tf-sep { width: 1px; align-self: stretch; margin: 4px 2px; background: var(--vscode-panel-border, #ddd); }
#tf-slider { flex: 1; min-width: 60px; max-width: 360px; }
#tf-bar [hidden] { display: none; }
#tf-bar #toolbar { position: static; height: auto; margin-left: auto; padding: 0; }
body.tf-states #toolbar { display: none; }
#tf-states { position: absolute; top: 31px; left: 0; right: 0; bottom: 0; z-index: 2; overflow: auto; padding: 8px; box-sizing: border-box;
  background: var(--vscode-editor-background, #fff); }
#tf-states[hidden], #tf-tcb[hidden] { display: none; }
#tf-states svg { min-width: 1200px; }
#tf-states .edgeLabel, #tf-states path[data-id] { cursor: pointer; }
#tf-tcb { position: absolute; left: 0; right: 0; bottom: 0; height: 240px; z-index: 4; overflow: auto; padding: 6px 12px; box-sizing: border-box;
  border-top: 1px solid var(--vscode-panel-border, #ddd); background: var(--vscode-editor-background, #fff); font-size: 12px; }
body.tf-stepping #scroller, body.tf-stepping #tf-states { bottom: 240px; }
body.tf-stepping #banner { bottom: 240px; }
#tf-tcb table { border-collapse: collapse; font-family: var(--vscode-editor-font-family, monospace); }
#tf-tcb th, #tf-tcb td { text-align: left; padding: 1px 10px 1px 0; white-space: nowrap; }
#tf-tcb td.tf-changed { background: var(--vscode-editor-findMatchHighlightBackground, rgba(234, 179, 8, 0.35)); font-weight: bold; }
.tf-tcb-caption { font-weight: bold; margin-bottom: 4px; }
.tf-why { margin: 6px 0 0; padding-left: 18px; }
.tf-hit.tf-dim { fill: var(--vscode-editor-background, #fff); fill-opacity: 0.72; }
`;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}): HTMLElementTagNameMap[K] {
  return Object.assign(document.createElement(tag), props);
}

export class Stepping {
  private view: PreviewView;
  private on: boolean;
  private steps: readonly StepView[] = [];
  private step = 0;
  /** The step to show once the steps arrive (the cursor's line came first). */
  private cursorLine: number | undefined;
  private readonly tabs: Record<PreviewView, HTMLButtonElement>;
  private readonly toggle = el('button', { textContent: 'Step', title: 'Step through the flow (← / →)' });
  private readonly slider = el('input', { id: 'tf-slider', type: 'range', min: '0', max: '0', value: '0', title: 'Step (← / →)' });
  private readonly label = el('span', { id: 'tf-step-label' });
  private readonly statesRoot = el('div', { id: 'tf-states', hidden: true });
  private readonly tcb = el('div', { id: 'tf-tcb', hidden: true });
  private readonly stateView: StateView;
  private readonly controls: HTMLElement[];
  private readonly stack: HTMLElement | null;
  private dimming = 0;

  constructor(root: HTMLElement, private readonly host: SteppingHost, saved: { view?: PreviewView; stepping?: boolean } | undefined) {
    this.view = saved?.view ?? 'sequence';
    this.on = saved?.stepping ?? false;
    const style = el('style', { textContent: CSS });
    document.head.append(style);
    const tab = (view: PreviewView, text: string) => {
      const b = el('button', { textContent: text, title: view === 'states' ? 'The RFC 9293 state diagram with each endpoint\'s path' : 'The sequence diagram' });
      b.addEventListener('click', () => this.setView(view));
      return b;
    };
    this.tabs = { sequence: tab('sequence', 'Sequence'), states: tab('states', 'States') };
    const prev = el('button', { textContent: '◀', title: 'Previous step (←)' });
    const next = el('button', { textContent: '▶', title: 'Next step (→)' });
    prev.addEventListener('click', () => this.move(-1));
    next.addEventListener('click', () => this.move(1));
    this.toggle.addEventListener('click', () => this.setStepping(!this.on));
    this.slider.addEventListener('input', () => this.go(Number(this.slider.value), true));
    this.controls = [prev, this.slider, next, this.label];
    const bar = el('div', { id: 'tf-bar' });
    bar.append(this.tabs.sequence, this.tabs.states, el('span', { className: 'tf-sep' }), this.toggle, ...this.controls);
    // The zoom toolbar goes at the bar's end, in the strip above the drawing.
    const zoom = root.querySelector('#toolbar');
    if (zoom) bar.append(zoom);
    root.append(bar, this.statesRoot, this.tcb);
    this.stateView = new StateView(this.statesRoot, (line) => host.post({ type: 'reveal', line }));
    this.stack = root.querySelector('#stack');

    document.addEventListener('keydown', (e) => {
      if ((e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') || e.altKey || e.ctrlKey || e.metaKey || e.target instanceof HTMLInputElement) return;
      e.preventDefault();
      if (!this.on) this.setStepping(true);
      this.move(e.key === 'ArrowLeft' ? -1 : 1);
    });
    // The sequence diagram draws its chunks as they scroll into view: dim the new ones too.
    if (this.stack) new MutationObserver(() => this.scheduleDim()).observe(this.stack, { childList: true, subtree: true });
    // The body's class says the theme (and this view's layout, which needs no redraw).
    let theme = themeKindOf(document.body);
    new MutationObserver(() => {
      if (themeKindOf(document.body) === theme) return;
      theme = themeKindOf(document.body);
      this.stateView.invalidate();
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    this.layout();
  }

  /** Sends the panel the view and the switch (after 'ready', and on every change). */
  announce(): void {
    this.host.post({ type: 'view', view: this.view, stepping: this.on });
  }

  receive(m: ToWebview): void {
    switch (m.type) {
      case 'highlight':
        this.cursorLine = m.line;
        return this.followCursor();
      case 'stepping':
        this.steps = m.result.steps;
        this.slider.max = String(Math.max(0, this.steps.length - 1));
        this.step = Math.min(this.step, this.steps.length - 1);
        return this.followCursor(true);
      case 'stateDiagram':
        if (this.on && m.step !== undefined && m.step !== this.step) return;
        return void this.stateView.show(m.result);
      default:
    }
  }

  private followCursor(force = false): void {
    if (this.cursorLine === undefined || !this.steps.length) return;
    const n = stepAtLine(this.steps, this.cursorLine);
    if (n !== this.step || force) this.go(n, false);
  }

  private setView(view: PreviewView): void {
    this.view = view;
    this.layout();
    this.announce();
  }

  private setStepping(on: boolean): void {
    this.on = on;
    this.layout();
    this.announce();
  }

  private move(delta: number): void {
    if (!this.steps.length) return;
    this.go(Math.max(0, Math.min(this.steps.length - 1, this.step + delta)), true);
  }

  /** Shows step `n`, and tells the panel (`byUser`: the editor's cursor follows). */
  private go(n: number, byUser: boolean): void {
    this.step = n;
    this.render();
    const s = this.steps[n];
    if (s) this.host.post({ type: 'step', step: n, line: Math.max(0, s.line), byUser });
  }

  private layout(): void {
    for (const [v, b] of Object.entries(this.tabs)) b.setAttribute('aria-pressed', String(v === this.view));
    this.toggle.setAttribute('aria-pressed', String(this.on));
    document.body.classList.toggle('tf-states', this.view === 'states');
    document.body.classList.toggle('tf-stepping', this.on);
    this.statesRoot.hidden = this.view !== 'states';
    this.tcb.hidden = !this.on;
    for (const e of this.controls) e.hidden = !this.on;
    this.host.remember(this.view, this.on);
    this.render();
  }

  private render(): void {
    this.slider.value = String(this.step);
    const s = this.steps[this.step];
    this.label.textContent = s ? (s.n === 0 ? `start / ${this.steps.length - 1}` : `${s.n} / ${this.steps.length - 1} · line ${s.line + 1}`) : '';
    renderTcb(this.tcb, this.on ? s : undefined, this.steps.length - 1);
    this.scheduleDim();
  }

  private scheduleDim(): void {
    cancelAnimationFrame(this.dimming);
    this.dimming = requestAnimationFrame(() => this.dim());
  }

  /** Fades the arrows and notes after the step (nothing when stepping is off). */
  private dim(): void {
    if (!this.stack) return;
    const limit = this.on && this.steps[this.step] ? this.steps[this.step].line : Infinity;
    // Only the chunks drawn are in the page; each hit area carries its line.
    for (const hit of this.stack.querySelectorAll<SVGElement>('.tf-hit')) {
      const line = hit.dataset.line === undefined ? undefined : Number(hit.dataset.line);
      hit.classList.toggle('tf-dim', line !== undefined && line > limit);
    }
  }
}
