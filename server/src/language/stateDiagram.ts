// The RFC 9293 state diagram (Figure 5) as a Mermaid flowchart, drawn from the
// transition table itself: every row is an edge, so a row added to the table
// appears in the drawing. A flow's path through it is drawn on top, one colour
// per endpoint, up to a step; a step the state machine refused is drawn in the
// error colour where it tried to go. Labels go through `escapeText`, as in the
// sequence diagram.
import type { Analysis } from './analysis';
import { CATALOGUE } from './check/catalogue';
import type { SeverityOptions } from './check/diagnostic';
import { escapeText } from './mermaid';
import { stepTransitions } from './stepTransitions';
import { ALL_STATES, State, STATE_NAMES } from './tcp/states';
import { TRANSITIONS, type TcpEvent } from './tcp/transitions';

export interface StateDiagramOptions {
  /** Draw the path up to this step (1-based); absent: the whole flow. */
  readonly step?: number;
  readonly severity?: SeverityOptions;
}

/** An edge of the drawing, in Mermaid's edge order (the index `linkStyle` and the rendered SVG use). */
export interface StateDiagramEdge {
  readonly index: number;
  /** Mermaid's name of the edge (`L_S0_S2_0`: from, to, and which of the edges between them): the drawing's `data-id`. */
  readonly id: string;
  readonly from: State;
  readonly to?: State;
  /** 0-based lines of the statements that took it (or tried to), in file order. */
  readonly lines: readonly number[];
  /** The endpoint whose path it draws; absent for an edge of the table not taken. */
  readonly endpoint?: number;
  readonly error: boolean;
}

export interface StateDiagram {
  readonly mermaid: string;
  readonly edges: readonly StateDiagramEdge[];
  /** Each endpoint's state at the step. */
  readonly current: readonly State[];
}

/** One colour per endpoint (the first two; a flow has at most two), and the error colour. */
export const ENDPOINT_COLOURS = ['#2563eb', '#c2410c'] as const;
export const ERROR_COLOUR = '#dc2626';
const BOTH_COLOUR = '#7c3aed';
const FILLS = ['#dbeafe', '#ffedd5'] as const;

const nodeId = (s: State) => `S${s}`;
/** Resets and timeouts lead to CLOSED from almost every state: drawn faint, as RFC 9293 Figure 5 leaves them out. */
const ABORTS: ReadonlySet<TcpEvent> = new Set<TcpEvent>(['send RST', 'recv RST', 'timeout']);

interface Group {
  readonly from: State;
  readonly to: State;
  readonly events: TcpEvent[];
  readonly abort: boolean;
}

/** The table's rows grouped by (from, to), resets and timeouts apart, in table order. */
function tableEdges(): Group[] {
  const groups = new Map<string, Group>();
  for (const t of TRANSITIONS) {
    const abort = ABORTS.has(t.event);
    const key = `${t.from}>${t.to}>${abort}`;
    const g = groups.get(key) ?? { from: t.from, to: t.to, events: [], abort };
    if (!g.events.includes(t.event)) g.events.push(t.event);
    groups.set(key, g);
  }
  return [...groups.values()];
}

export function toStateDiagram(a: Analysis, options: StateDiagramOptions = {}): StateDiagram {
  const endpoints = a.result.endpoints;
  const { taken, illegal } = stepTransitions(a, { upTo: options.step, severity: options.severity });
  // Labels as SVG text, not HTML: the same kind of drawing as the sequence diagram, and no foreignObject.
  const lines: string[] = ['---', 'config:', '  htmlLabels: false', '  flowchart:', '    htmlLabels: false', '---', 'flowchart TB'];
  const styles: string[] = [];
  const edges: StateDiagramEdge[] = [];

  const steps = a.result.steps.filter((s) => options.step === undefined || s.n <= options.step);
  const last = steps[steps.length - 1];
  const current = endpoints.map((e, i) => last?.after[i]?.state ?? e.initial);

  for (const s of ALL_STATES) {
    const here = endpoints.filter((_, i) => current[i] === s).map((e) => e.name);
    const label = here.length ? `${STATE_NAMES[s]} · ${here.join(', ')}` : STATE_NAMES[s];
    lines.push(`  ${nodeId(s)}["${escapeText(label)}"]`);
  }

  const between = new Map<string, number>();
  /** One edge: `arrow` is `-->` or `-.->`; the label is escaped here. */
  const edge = (from: string, to: string, arrow: string, label: string | undefined, e: Omit<StateDiagramEdge, 'index' | 'id'>, style?: string) => {
    const index = edges.length;
    const k = between.get(`${from}_${to}`) ?? 0;
    between.set(`${from}_${to}`, k + 1);
    lines.push(`  ${from} ${arrow}${label === undefined ? '' : `|"${escapeText(label)}"|`} ${to}`);
    edges.push({ index, id: `L_${from}_${to}_${k}`, ...e });
    if (style) styles.push(`  linkStyle ${index} ${style}`);
  };

  const takenBy = (g: Group, endpoint: number) =>
    taken.filter((t) => t.endpoint === endpoint && t.rows.some((r) => r.from === g.from && r.to === g.to && g.events.includes(r.event))).map((t) => t.line);

  for (const g of tableEdges()) {
    const events = g.events.join(', ');
    const takers = endpoints.map((_, i) => takenBy(g, i)).map((ls, i) => ({ i, ls })).filter((t) => t.ls.length);
    const from = nodeId(g.from);
    const to = nodeId(g.to);
    if (!takers.length) {
      edge(from, to, '-->', events, { from: g.from, to: g.to, lines: [], error: false }, g.abort ? 'stroke:#9ca3af,stroke-width:1px,stroke-dasharray:3 3,color:#9ca3af' : undefined);
      continue;
    }
    takers.forEach(({ i, ls }, k) => {
      const where = `${endpoints[i].name}: line ${ls.map((l) => l + 1).join(', ')}`;
      const colour = ENDPOINT_COLOURS[i] ?? BOTH_COLOUR;
      edge(from, to, '-->', k === 0 ? `${events} · ${where}` : where, { from: g.from, to: g.to, lines: ls, endpoint: i, error: false }, `stroke:${colour},stroke-width:3px,color:${colour}`);
    });
  }

  illegal.forEach((x, k) => {
    const label = `✗ line ${x.line + 1}: ${x.code} ${CATALOGUE[x.code].title}`;
    const style = `stroke:${ERROR_COLOUR},stroke-width:3px,stroke-dasharray:6 4,color:${ERROR_COLOUR}`;
    const meta = { from: x.from, to: x.to, lines: [x.line], endpoint: x.endpoint, error: true };
    if (x.to !== undefined) {
      edge(nodeId(x.from), nodeId(x.to), '-.->', label, meta, style);
    } else {
      // No state to point at (data in a state that may not send it): the refusal is a node of its own.
      lines.push(`  X${k}["${escapeText(label)}"]:::refused`);
      edge(nodeId(x.from), `X${k}`, '-.->', undefined, meta, style);
    }
  });

  lines.push(`  classDef refused fill:#fee2e2,stroke:${ERROR_COLOUR},stroke-width:2px,color:#7f1d1d`);
  FILLS.forEach((fill, i) => lines.push(`  classDef at${i} fill:${fill},stroke:${ENDPOINT_COLOURS[i]},stroke-width:3px,color:#111827`));
  lines.push(`  classDef atBoth fill:#ede9fe,stroke:${BOTH_COLOUR},stroke-width:3px,color:#111827`);
  for (const s of ALL_STATES) {
    const at = current.flatMap((c, i) => (c === s ? [i] : []));
    if (at.length) lines.push(`  class ${nodeId(s)} ${at.length > 1 ? 'atBoth' : `at${at[0]}`}`);
  }
  return { mermaid: [...lines, ...styles].join('\n') + '\n', edges, current };
}
