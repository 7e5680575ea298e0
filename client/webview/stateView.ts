// The state view: the RFC 9293 state diagram with each endpoint's path, drawn
// by the preview's Mermaid; a click on a transition reveals the line that took
// it (the latest one, up to the step).
import type { StateDiagramEdge, StateDiagramResult } from '../../server/src/protocol';
import { renderSvg } from './render';
import { mermaidTheme, themeKindOf } from './theme';

/** Mermaid names an edge `L_<from>_<to>_<n>`, n growing with each edge between the same two nodes. */
const EDGE_ID = /^L_([A-Za-z0-9]+)_([A-Za-z0-9]+)_(\d+)$/;

export class StateView {
  private edgeOf = new Map<string, StateDiagramEdge>();
  private drawn = '';
  private last: StateDiagramResult | undefined;

  constructor(private readonly root: HTMLElement, private readonly reveal: (line: number) => void) {
    root.addEventListener('click', (e) => {
      const id = (e.target as Element).closest?.('[data-id]')?.getAttribute('data-id');
      const lines = id ? this.edgeOf.get(id)?.lines : undefined;
      if (lines?.length) this.reveal(lines[lines.length - 1]);
    });
  }

  async show(result: StateDiagramResult): Promise<void> {
    this.last = result;
    const theme = themeKindOf(document.body);
    const key = `${theme}\n${result.mermaid}`;
    if (key === this.drawn) return;
    this.drawn = key;
    let svg: string;
    try {
      svg = await renderSvg(result.mermaid, { ...mermaidTheme(theme), mirrorActors: false });
    } catch (e) {
      this.root.textContent = `The state diagram could not be drawn: ${e instanceof Error ? e.message : String(e)}`;
      return;
    }
    if (key !== this.drawn) return;
    this.root.innerHTML = svg;
    this.edgeOf = mapEdges(this.root, result.edges);
    for (const [id, edge] of this.edgeOf) {
      if (!edge.lines.length) continue;
      for (const el of this.root.querySelectorAll(`[data-id="${id}"]`)) el.classList.add('tf-taken');
    }
  }

  /** The theme changed: draw again in its colours. */
  invalidate(): void {
    this.drawn = '';
    if (this.last) void this.show(this.last);
  }
}

/** The drawing's edge names → the edges of the result: the k-th edge between two nodes is the k-th name for them in Mermaid's order. */
export function mapEdges(root: ParentNode, edges: readonly StateDiagramEdge[]): Map<string, StateDiagramEdge> {
  const names = new Map<string, { n: number; id: string }[]>();
  for (const el of root.querySelectorAll('path[data-id]')) {
    const id = el.getAttribute('data-id')!;
    const m = EDGE_ID.exec(id);
    if (!m) continue;
    const pair = `${m[1]}_${m[2]}`;
    names.set(pair, [...(names.get(pair) ?? []), { n: Number(m[3]), id }]);
  }
  const out = new Map<string, StateDiagramEdge>();
  for (const e of edges) {
    const m = EDGE_ID.exec(e.id);
    if (!m) continue;
    const named = (names.get(`${m[1]}_${m[2]}`) ?? []).sort((a, b) => a.n - b.n)[Number(m[3])];
    if (named) out.set(named.id, e);
  }
  return out;
}
