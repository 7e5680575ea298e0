// Which rows of the transition table each step of a flow took, per endpoint,
// and where a step the state machine refused tried to go. Derived from the
// timeline (states before and after each step) and what the step sent or
// received, so the checker stays the only place that applies the table.
import type { Analysis } from './analysis';
import type { Code } from './check/catalogue';
import type { SeverityOptions } from './check/diagnostic';
import type { Step } from './check/result';
import { Flag, type EventName } from './syntax/ast';
import { State } from './tcp/states';
import { TRANSITIONS, type TcpEvent, type Transition } from './tcp/transitions';

export interface TakenTransition {
  /** 1-based step number. */
  readonly step: number;
  /** 0-based line of the statement. */
  readonly line: number;
  readonly endpoint: number;
  /** The rows in the order they applied: a FIN+ACK can take two (FIN_WAIT_1 → FIN_WAIT_2 → TIME_WAIT). */
  readonly rows: readonly Transition[];
}

export interface IllegalStep {
  readonly step: number;
  readonly line: number;
  readonly endpoint: number;
  readonly from: State;
  /** The state the step would have led to, when the table names one for its event; an assertion names the state claimed. */
  readonly to?: State;
  readonly code: Code;
}

export interface StepTransitions {
  readonly taken: readonly TakenTransition[];
  readonly illegal: readonly IllegalStep[];
}

const EVENT_OF: Record<EventName, TcpEvent> = { listen: 'listen', close: 'close', timeout: 'timeout', wait2msl: 'wait 2MSL' };

/** Errors that are refusals of the state machine: a segment or event the state does not allow, a false state assertion. */
const STATE_ERRORS: ReadonlySet<Code> = new Set<Code>(['TF301', 'TF302', 'TF306', 'TF307', 'TF313']);

/** The table events a step can mean for endpoint `i`. */
export function stepEvents(step: Step, i: number): TcpEvent[] {
  const st = step.stmt;
  if (st.kind === 'event') return i === step.endpoint ? [EVENT_OF[st.event]] : [];
  if (st.kind !== 'segment' || !step.segment) return [];
  const f = step.segment.flags;
  const out: TcpEvent[] = [];
  if (i === step.endpoint) {
    // An old duplicate is not sent by the endpoint's present state.
    if (st.old) return [];
    if (f & Flag.SYN) out.push('send SYN');
    if (f & Flag.FIN) out.push('send FIN');
    if (f & Flag.RST) out.push('send RST');
    return out;
  }
  if (st.lost) return [];
  if (f & Flag.RST) out.push('recv RST');
  if (f & Flag.SYN) out.push(f & Flag.ACK ? 'recv SYN+ACK' : 'recv SYN');
  if (f & Flag.ACK) out.push('recv ACK of SYN', 'recv ACK of FIN');
  if (f & Flag.FIN) out.push('recv FIN');
  return out;
}

/** Rows leading from `from` to `to` using each of `events` at most once, or undefined. */
function path(from: State, to: State, events: readonly TcpEvent[]): Transition[] | undefined {
  if (from === to) {
    const loop = TRANSITIONS.find((t) => t.from === from && t.to === from && events.includes(t.event));
    return loop ? [loop] : [];
  }
  const search = (at: State, left: readonly TcpEvent[]): Transition[] | undefined => {
    for (const t of TRANSITIONS) {
      if (t.from !== at || t.to === at || !left.includes(t.event)) continue;
      if (t.to === to) return [t];
      const rest = search(t.to, left.filter((e) => e !== t.event));
      if (rest) return [t, ...rest];
    }
    return undefined;
  };
  return search(from, events);
}

/** Where an event leads in most states: where a refused step tried to go. */
function usualTarget(event: TcpEvent, from: State): State | undefined {
  const counts = new Map<State, number>();
  for (const t of TRANSITIONS) if (t.event === event && t.to !== t.from && t.to !== from) counts.set(t.to, (counts.get(t.to) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function attemptedTarget(step: Step): State | undefined {
  const st = step.stmt;
  const from = step.before[step.endpoint]?.state;
  if (from === undefined) return undefined;
  if (st.kind === 'assertion') return st.state;
  for (const e of stepEvents(step, step.endpoint)) {
    if (TRANSITIONS.some((t) => t.from === from && t.event === e)) continue;
    const to = usualTarget(e, from);
    if (to !== undefined) return to;
  }
  return undefined;
}

/** The transitions of every step up to `upTo` (all steps when absent), and its refused steps. */
export function stepTransitions(a: Analysis, options: { readonly upTo?: number; readonly severity?: SeverityOptions } = {}): StepTransitions {
  const lineOf = (offset: number) => a.lines.position(offset).line;
  const refusals = new Map<number, Code>();
  for (const d of a.diagnostics(options.severity)) {
    const line = lineOf(d.start);
    if (d.severity === 'error' && STATE_ERRORS.has(d.code) && !refusals.has(line)) refusals.set(line, d.code);
  }
  const taken: TakenTransition[] = [];
  const illegal: IllegalStep[] = [];
  for (const step of a.result.steps) {
    if (options.upTo !== undefined && step.n > options.upTo) break;
    const line = lineOf(step.stmt.start);
    const code = refusals.get(line);
    step.after.forEach((after, i) => {
      const from = step.before[i]?.state;
      if (from === undefined) return;
      if (code && i === step.endpoint) {
        illegal.push({ step: step.n, line, endpoint: i, from, to: attemptedTarget(step), code });
        return;
      }
      const rows = path(from, after.state, stepEvents(step, i));
      if (rows?.length) taken.push({ step: step.n, line, endpoint: i, rows });
    });
  }
  return { taken, illegal };
}
