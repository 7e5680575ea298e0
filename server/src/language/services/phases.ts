// The phases of a connection — handshake, data transfer, teardown, reset — as
// runs of consecutive statements, read off the timeline's states. The outline,
// folding and selection ranges are built on them.
import type { Analysis } from '../analysis';
import type { Step } from '../check/result';
import { Flag, type Statement } from '../syntax/ast';
import { State } from '../tcp/states';
import { stepOf } from './locate';

export type PhaseKind = 'handshake' | 'data' | 'teardown' | 'reset';

export const PHASE_TITLES: Record<PhaseKind, string> = {
  handshake: 'Handshake',
  data: 'Data transfer',
  teardown: 'Teardown',
  reset: 'Reset',
};

export interface Phase {
  readonly kind: PhaseKind;
  readonly start: number;
  readonly end: number;
  /** Top-level statements (a `simultaneous` block is one). */
  readonly statements: readonly Statement[];
}

export interface Phases {
  /** `title` and `endpoint` lines, and notes before the first phase. */
  readonly header: readonly Statement[];
  readonly phases: readonly Phase[];
}

const CLOSING: ReadonlySet<State> = new Set([State.FIN_WAIT_1, State.FIN_WAIT_2, State.CLOSING, State.TIME_WAIT, State.CLOSE_WAIT, State.LAST_ACK]);
const OPENING: ReadonlySet<State> = new Set([State.SYN_SENT, State.SYN_RCVD]);

/** The phase a step belongs to, or undefined when it continues the current one. */
function phaseOfStep(step: Step): PhaseKind | undefined {
  const flags = step.segment?.flags ?? 0;
  if (flags & Flag.RST || (step.stmt.kind === 'event' && step.stmt.event === 'timeout')) return 'reset';
  const states = [...step.before, ...step.after].map((t) => t.state);
  if (flags & Flag.FIN || states.some((s) => CLOSING.has(s))) return 'teardown';
  if (flags & Flag.SYN || step.before.some((t) => OPENING.has(t.state))) return 'handshake';
  if (step.before.length === 2 && step.before.every((t) => t.state === State.ESTABLISHED)) return 'data';
  return undefined;
}

function phaseOf(a: Analysis, stmt: Statement): PhaseKind | undefined {
  if (stmt.kind === 'simultaneous') {
    for (const s of stmt.segments) {
      const p = phaseOf(a, s);
      if (p) return p;
    }
    return undefined;
  }
  if (stmt.kind !== 'segment' && stmt.kind !== 'event' && stmt.kind !== 'assertion') return undefined;
  const step = stepOf(a, stmt);
  return step ? phaseOfStep(step) : undefined;
}

const PHASES = new WeakMap<Analysis, Phases>();

export function phasesOf(a: Analysis): Phases {
  const known = PHASES.get(a);
  if (known) return known;
  const header: Statement[] = [];
  const phases: { kind: PhaseKind; statements: Statement[] }[] = [];
  for (const stmt of a.file.statements) {
    const current = phases[phases.length - 1];
    if (stmt.kind === 'title' || stmt.kind === 'endpoint' || (!current && stmt.kind === 'note')) {
      header.push(stmt);
      continue;
    }
    const kind = phaseOf(a, stmt) ?? current?.kind ?? 'handshake';
    if (current?.kind === kind) current.statements.push(stmt);
    else phases.push({ kind, statements: [stmt] });
  }
  const result: Phases = {
    header,
    phases: phases.map((p) => ({ ...p, start: p.statements[0].start, end: p.statements[p.statements.length - 1].end })),
  };
  PHASES.set(a, result);
  return result;
}
