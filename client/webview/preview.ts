// The live preview: shows each diagram the extension sends, keeps the last
// good one while the flow has a syntax error, maps clicks to source lines and
// the editor's line to arrows, and answers export jobs. Everything it needs
// from VS Code goes through `Host`, so it runs in any browser page.
import type { DiagramChunksResult, DiagramElement } from '../../server/src/protocol';
import { Banner, SYNTAX_BANNER_DELAY_MS, type Problem } from './banner';
import { ChunkList } from './chunks';
import { setActive, type ElementKind } from './elements';
import { exportImage } from './export';
import type { FromWebview, PreviewState, ToWebview } from './messages';
import { OverviewBar } from './overview';
import { renderSvg } from './render';
import { DiagramSource } from './source';
import { mermaidTheme, themeKindOf, type ThemeKind } from './theme';
import { ZoomPan } from './zoom';

export interface Host {
  post(message: FromWebview): void;
  readonly state: PreviewState | undefined;
  saveState(state: PreviewState): void;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

export class Preview {
  private readonly scroller = el('div', { id: 'scroller' });
  private readonly stack = el('div', { id: 'stack' });
  private readonly message = el('div', { id: 'message', hidden: true });
  private readonly zoomLabel = el('button', { id: 'zoom-level', title: 'Reset zoom to 100%' });
  private readonly banner: Banner;
  private readonly chunks: ChunkList;
  private readonly overview: OverviewBar;
  private readonly zoom: ZoomPan;
  private theme: ThemeKind;
  private doc: { uri: string; locked: boolean } | undefined;
  private shown: DiagramSource | undefined;
  /** The syntax errors the banner shows, and the timer that will show new ones. */
  private syntax: readonly Problem[] = [];
  private syntaxTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly drawFailures = new Map<number, string>();
  private line: number | undefined;
  private active: SVGRectElement[] = [];
  private pendingScroll: { top: number; left: number } | undefined;

  constructor(root: HTMLElement, private readonly host: Host) {
    const bannerEl = el('div', { id: 'banner' });
    const button = (text: string, title: string, action: () => void) => {
      const b = el('button', { textContent: text, title });
      b.addEventListener('click', action);
      return b;
    };
    this.zoomLabel.addEventListener('click', () => this.zoom.set(1));
    const toolbar = el('div', { id: 'toolbar' },
      button('−', 'Zoom out (Ctrl+wheel)', () => this.zoom.zoomOut()),
      this.zoomLabel,
      button('+', 'Zoom in (Ctrl+wheel)', () => this.zoom.zoomIn()),
      button('↔', 'Fit to width', () => this.zoom.fitWidth(this.naturalWidth())),
    );
    this.scroller.appendChild(this.stack);
    root.append(this.scroller, toolbar, bannerEl, this.message);

    this.theme = themeKindOf(root);
    this.banner = new Banner(bannerEl, (line) => this.reveal(line));
    this.chunks = new ChunkList(this.stack, this.scroller, (text) => renderSvg(text, { ...mermaidTheme(this.theme), mirrorActors: false }), {
      text: (chunk) => this.shown?.text(chunk),
      request: (chunks) => {
        const source = this.shown;
        const ask = source?.toAsk(chunks) ?? [];
        if (source && ask.length) this.host.post({ type: 'chunks', version: source.version, chunks: ask });
      },
      lineOf: (chunk, kind, index) => this.shown?.elementsOf(chunk).filter((e) => e.kind === kind)[index]?.line,
    }, {
      mounted: (chunk) => {
        this.drawFailures.delete(chunk);
        this.paintHighlight(false);
      },
      failed: (chunk, message) => {
        this.drawFailures.set(chunk, message);
        this.updateBanner();
      },
      resized: () => this.overview.schedule(),
    });
    this.overview = new OverviewBar(root, { top: (c) => this.chunks.top(c), height: () => this.scroller.scrollHeight }, (mark) => {
      this.scroller.scrollTop = this.chunks.top(mark.chunk) - this.scroller.clientHeight / 3;
      void this.highlight(mark.line, true);
      this.host.post({ type: 'reveal', line: mark.line });
    });
    this.zoom = new ZoomPan(this.scroller, (z) => {
      void this.chunks.setZoom(z);
      this.zoomLabel.textContent = `${Math.round(z * 100)}%`;
      this.saveState();
    });

    const saved = host.state;
    if (saved) {
      this.doc = { uri: saved.uri, locked: saved.locked };
      this.zoom.set(saved.zoom ?? 1);
      this.pendingScroll = { top: saved.scrollTop ?? 0, left: saved.scrollLeft ?? 0 };
    } else this.fitPending = true;
    this.zoomLabel.textContent = `${Math.round(this.zoom.level * 100)}%`;

    this.scroller.addEventListener('click', (e) => {
      const hit = (e.target as Element).closest?.('.tf-hit');
      if (!(hit instanceof SVGRectElement) || hit.dataset.line === undefined) return;
      this.reveal(Number(hit.dataset.line));
    });
    let saving = 0;
    this.scroller.addEventListener('scroll', () => {
      cancelAnimationFrame(saving);
      saving = requestAnimationFrame(() => this.saveState());
    });
    new MutationObserver(() => {
      const kind = themeKindOf(root);
      if (kind === this.theme) return;
      this.theme = kind;
      this.overview.schedule();
      void this.chunks.invalidate();
    }).observe(root, { attributes: true, attributeFilter: ['class'] });
  }

  receive(m: ToWebview): void {
    switch (m.type) {
      case 'document': return this.setDocument(m.uri, m.locked);
      case 'diagram': return void this.showDiagram(DiagramSource.whole(m.result));
      case 'outline': return void this.showDiagram(DiagramSource.outline(m.result));
      case 'chunks': return void this.supply(m.result);
      case 'highlight': return void this.highlight(m.line, true);
      case 'export': return void this.export(m.id, m);
      // Over a diagram already shown, the message goes to the banner: the drawing stays readable.
      case 'unavailable': return this.shown ? this.banner.show(m.message, []) : this.showMessage(m.message);
    }
  }

  private setDocument(uri: string, locked: boolean): void {
    if (this.doc && this.doc.uri !== uri) {
      this.shown = undefined;
      this.pendingScroll = { top: 0, left: 0 };
      this.fitPending = true;
    }
    this.doc = { uri, locked };
    this.saveState();
  }

  private async showDiagram(source: DiagramSource): Promise<void> {
    const start = performance.now();
    this.setSyntaxErrors(source.syntaxErrors.map((e) => ({ line: e.line, message: e.message })));
    const rendered = (error?: string) => this.host.post({ type: 'rendered', version: source.version, ms: Math.round(performance.now() - start), chunks: source.count, ...(error ? { error } : {}) });
    if (source.syntaxErrors.length && this.shown) return rendered('syntax error: the last good diagram stays');
    this.shown = source;
    if (!source.participants) {
      this.showMessage('Nothing to draw yet: write a segment such as  Client -> Server : SYN');
      this.overview.set([]);
      await this.chunks.show(0);
      return rendered();
    }
    this.message.hidden = true;
    this.overview.set(source.errors);
    await this.chunks.show(source.count);
    if (this.pendingScroll) {
      this.scroller.scrollTop = this.pendingScroll.top;
      this.scroller.scrollLeft = this.pendingScroll.left;
      this.pendingScroll = undefined;
      await this.chunks.show(source.count);
    }
    this.fitFirstDiagram();
    this.paintHighlight(false);
    rendered(this.drawFailures.size ? [...this.drawFailures.values()][0] : undefined);
  }

  /** A document's first diagram, when wider than the view, is shown whole (a zoom the user set is kept). */
  private fitFirstDiagram(): void {
    if (!this.fitPending) return;
    this.fitPending = false;
    const width = this.naturalWidth();
    if (width * this.zoom.level > this.scroller.clientWidth - 32) this.zoom.fitWidth(width);
  }

  private fitPending = false;

  /**
   * A valid version clears the syntax errors at once; new ones are shown only
   * after SYNTAX_BANNER_DELAY_MS without a valid version (each version starts
   * the wait again). A banner already up is updated at once: it does not flash.
   */
  private setSyntaxErrors(problems: readonly Problem[]): void {
    clearTimeout(this.syntaxTimer);
    this.syntaxTimer = undefined;
    const show = () => {
      this.syntax = problems;
      this.updateBanner();
    };
    if (!problems.length || this.syntax.length) show();
    else this.syntaxTimer = setTimeout(show, SYNTAX_BANNER_DELAY_MS);
  }

  private updateBanner(): void {
    if (this.syntax.length) {
      this.banner.show(this.shown ? 'Syntax error: the preview shows the last diagram without errors.' : 'Syntax error:', this.syntax);
    } else if (this.drawFailures.size) {
      this.banner.show('Mermaid could not draw part of the diagram:', [...this.drawFailures.values()].map((message) => ({ message })));
    } else this.banner.hide();
  }

  private showMessage(text: string): void {
    this.message.textContent = text;
    this.message.hidden = false;
  }

  private reveal(line: number): void {
    void this.highlight(line, false);
    this.host.post({ type: 'reveal', line });
  }

  /** Chunks of the shown diagram arrived. */
  private async supply(result: DiagramChunksResult): Promise<void> {
    const source = this.shown;
    if (!source || source.version !== result.version) return;
    for (const c of result.chunks) source.supply(c);
    await this.chunks.supplied(result.chunks.map((c) => c.index));
  }

  private targets(): readonly DiagramElement[] {
    const source = this.shown;
    const line = this.line;
    return source && line !== undefined ? source.elementsOf(source.chunkOfLine(line)).filter((e) => e.line === line) : [];
  }

  /** Highlights the arrows and notes of a line, drawing their chunk first if needed. */
  private async highlight(line: number, scroll: boolean): Promise<void> {
    this.line = line;
    this.paintHighlight(false);
    if (!this.shown) return;
    await this.chunks.ensure(this.shown.chunkOfLine(line));
    if (this.line === line) this.paintHighlight(scroll);
  }

  private paintHighlight(scroll: boolean): void {
    for (const h of this.active) setActive(h, false);
    this.active = this.targets()
      .map((e) => this.chunks.hit(e.chunk, e.kind as ElementKind, e.indexInChunk))
      .filter((h): h is SVGRectElement => !!h);
    for (const h of this.active) setActive(h, true);
    if (scroll && this.active.length) this.scrollIntoView(this.active[0]);
  }

  private scrollIntoView(target: Element): void {
    const view = this.scroller.getBoundingClientRect();
    const r = target.getBoundingClientRect();
    if (r.top >= view.top && r.bottom <= view.bottom) return;
    this.scroller.scrollTop += r.top - view.top - view.height / 3;
  }

  private naturalWidth(): number {
    const svg = this.stack.querySelector('svg');
    return svg ? svg.viewBox.baseVal.width : 0;
  }

  private async export(id: number, job: Extract<ToWebview, { type: 'export' }>): Promise<void> {
    try {
      this.host.post({ type: 'exported', id, data: await exportImage(job.mermaid, job.format, job.theme) });
    } catch (e) {
      this.host.post({ type: 'exported', id, error: e instanceof Error ? e.message : String(e) });
    }
  }

  private saveState(): void {
    if (!this.doc) return;
    this.host.saveState({ ...this.doc, zoom: this.zoom.level, scrollTop: this.scroller.scrollTop, scrollLeft: this.scroller.scrollLeft });
  }
}
