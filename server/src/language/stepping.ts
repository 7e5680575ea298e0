// Both endpoints' transmission control blocks step by step, as the preview's
// TCB panel shows them: every variable a flow can know, which ones the step
// changed, and one line saying why, in the words of RFC 9293.
import type { Analysis } from './analysis';
import type { Step } from './check/result';
import { timelineRows } from './describe';
import { stepTransitions } from './stepTransitions';
import { Flag } from './syntax/ast';
import { add, formatNum, type Num } from './tcp/seqnum';
import { State, STATE_NAMES } from './tcp/states';
import type { TcbSnapshot } from './tcp/tcb';

export type TcbFieldName = 'state' | 'ISS' | 'IRS' | 'SND.UNA' | 'SND.NXT' | 'RCV.NXT' | 'SND.WND' | 'RCV.WND' | 'queue' | '2MSL timer';

export const TCB_FIELDS: readonly TcbFieldName[] = ['state', 'ISS', 'IRS', 'SND.UNA', 'SND.NXT', 'RCV.NXT', 'SND.WND', 'RCV.WND', 'queue', '2MSL timer'];

export interface EndpointAtStep {
  readonly name: string;
  /** Each field's value as shown (`—` while the flow has not shown it). */
  readonly values: Readonly<Record<TcbFieldName, string>>;
  /** The fields this step changed. */
  readonly changed: readonly TcbFieldName[];
  /** Why the step changed them, in one line; absent when it changed nothing. */
  readonly why?: string;
}

export interface StepView {
  /** 0 for the initial states, then the timeline's step numbers. */
  readonly n: number;
  /** 0-based line of the statement; -1 for the initial states. */
  readonly line: number;
  /** The statement in words: `Client -> Server SYN seq=ISN_Client`, `Client: close`. */
  readonly what: string;
  readonly endpoints: readonly EndpointAtStep[];
}

/** RFC 9293 §3.4.2: MSL is two minutes, TIME_WAIT lasts 2 MSL. */
const TWO_MSL_SECONDS = 240;
const NONE = '—';
const num = (n: Num | undefined) => (n === undefined ? NONE : formatNum(n));

interface Memory {
  /** The window each endpoint last advertised (`win=`), and the time and line its 2MSL timer started. */
  advertised: (number | undefined)[];
  timer: ({ line: number; time?: number } | undefined)[];
  lastTime?: number;
}

function values(t: TcbSnapshot, i: number, peer: number, m: Memory): Record<TcbFieldName, string> {
  const timer = m.timer[i];
  let msl = NONE;
  if (t.state === State.TIME_WAIT && timer) {
    const elapsed = timer.time !== undefined && m.lastTime !== undefined ? m.lastTime - timer.time : undefined;
    msl = `running since line ${timer.line + 1}${elapsed !== undefined ? `: ${+elapsed.toFixed(6)} s of ${TWO_MSL_SECONDS} s` : ` (2 MSL = ${TWO_MSL_SECONDS} s)`}`;
  }
  const queue = t.ooo?.length ? t.ooo.toArray().map((q) => `${formatNum(q.seq)}..${formatNum(add(q.seq, q.segLen))}`).join(', ') : 'empty';
  return {
    state: STATE_NAMES[t.state],
    ISS: num(t.iss),
    IRS: num(t.irs),
    'SND.UNA': num(t.sndUna),
    'SND.NXT': num(t.sndNxt),
    'RCV.NXT': num(t.rcvNxt),
    'SND.WND': m.advertised[peer] === undefined ? NONE : String(m.advertised[peer]),
    'RCV.WND': m.advertised[i] === undefined ? NONE : String(m.advertised[i]),
    queue,
    '2MSL timer': msl,
  };
}

/** The order in which changes explain a step: a number's reason first, the state's after it. */
const EXPLAINED: readonly TcbFieldName[] = ['RCV.NXT', 'SND.NXT', 'SND.UNA', 'queue', 'ISS', 'IRS', '2MSL timer'];

/** Why the step changed what it changed, for endpoint `i`: the first number that has a reason, then the state's. */
function reason(a: Analysis, step: Step, i: number, v: Record<TcbFieldName, string>, changed: readonly TcbFieldName[], rfc: string | undefined): string | undefined {
  const seg = step.segment;
  const st = step.stmt;
  const sent = seg && i === step.endpoint;
  const received = seg && i !== step.endpoint && st.kind === 'segment' && !st.lost;
  const has = (f: Flag) => !!seg && (seg.flags & f) !== 0;
  const lines: string[] = [];
  for (const f of EXPLAINED.filter((x) => changed.includes(x))) {
    const value = `${f} = ${v[f]}`;
    if (f === 'RCV.NXT' && received) {
      if (has(Flag.SYN)) lines.push(`${value}: the SYN occupies one sequence number${seg.len ? `, and its ${seg.len} bytes follow` : ''}`);
      else if (has(Flag.FIN)) lines.push(`${value}: the FIN occupies one sequence number`);
      else lines.push(`${value}: the bytes up to it arrived in order`);
    } else if (f === 'SND.NXT' && sent) {
      if (has(Flag.SYN)) lines.push(`${value}: ISS + 1, the SYN occupies one sequence number`);
      else if (has(Flag.FIN)) lines.push(`${value}: the FIN occupies one sequence number`);
      else lines.push(`${value}: ${seg.len} bytes sent`);
    } else if (f === 'SND.UNA' && received) lines.push(`${value}: the peer acknowledges everything before it`);
    else if (f === 'ISS' && sent) lines.push(`${value}: the seq of its SYN`);
    else if (f === 'IRS' && received) lines.push(`${value}: the seq of the peer's SYN`);
    else if (f === 'queue' && received) lines.push(`queue: the segment arrived after a gap and waits for it to fill`);
    else if (f === '2MSL timer' && v[f] !== NONE) lines.push(`2MSL timer: TIME_WAIT waits twice the maximum segment lifetime before deleting the connection`);
  }
  const state = changed.includes('state') ? `${v.state}${rfc ? `: RFC 9293 §${rfc}` : st.kind === 'event' ? `: ${a.text.slice(st.word.start, st.word.end)}` : ''}` : undefined;
  return [lines[0], state].filter(Boolean).join(' · ') || undefined;
}

/** The timeline as the TCB panel steps through it: the initial states, then one entry per step. */
export function steppingView(a: Analysis): StepView[] {
  const endpoints = a.result.endpoints;
  const peerOf = (i: number) => (i === 0 ? 1 : 0);
  const m: Memory = { advertised: endpoints.map(() => undefined), timer: endpoints.map(() => undefined) };
  const { taken } = stepTransitions(a);
  const rowsOf = new Map(taken.map((t) => [`${t.step}:${t.endpoint}`, t.rows]));

  const steps = a.result.steps;
  const initial = endpoints.map((e) => ({ state: e.initial } as TcbSnapshot));
  const first: StepView = {
    n: 0,
    line: -1,
    what: 'the initial states',
    endpoints: endpoints.map((e, i) => ({ name: e.name, values: values(steps[0]?.before[i] ?? initial[i], i, peerOf(i), m), changed: [] })),
  };
  const rows = timelineRows(a);
  const out: StepView[] = [first];
  let previous = first;
  for (const step of steps) {
    const st = step.stmt;
    const line = a.lines.position(st.start).line;
    if (st.kind === 'segment') {
      if (st.time) m.lastTime = st.time.value;
      if (st.spec.win) m.advertised[step.endpoint] = st.spec.win.value;
    }
    step.after.forEach((t, i) => {
      const rows = rowsOf.get(`${step.n}:${i}`) ?? [];
      const restarted = rows.some((r) => r.from === State.TIME_WAIT && r.to === State.TIME_WAIT);
      if (t.state !== State.TIME_WAIT) m.timer[i] = undefined;
      else if (!m.timer[i] || restarted || step.before[i]?.state !== State.TIME_WAIT) m.timer[i] = { line, time: m.lastTime };
    });
    const row = rows[step.n - 1];
    const view: StepView = {
      n: step.n,
      line,
      what: row.detail && row.detail !== 'event' && row.detail !== 'assertion' ? `${row.what}: ${row.detail}` : row.what,
      endpoints: endpoints.map((e, i) => {
        const v = values(step.after[i], i, peerOf(i), m);
        const before = previous.endpoints[i].values;
        const changed = (Object.keys(v) as TcbFieldName[]).filter((f) => v[f] !== before[f] && !(f === '2MSL timer' && v[f] !== NONE && before[f] !== NONE && !rowsOf.get(`${step.n}:${i}`)?.length));
        const rows = rowsOf.get(`${step.n}:${i}`);
        const rfc = rows?.length ? rows[rows.length - 1].rfc : undefined;
        return { name: e.name, values: v, changed, why: changed.length ? reason(a, step, i, v, changed, rfc) : undefined };
      }),
    };
    out.push(view);
    previous = view;
  }
  return out;
}

/** The step a 0-based editor line stands at: the last statement at or before it (0: before the first). */
export function stepAtLine(view: readonly StepView[], line: number): number {
  let lo = 1;
  let hi = view.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (view[mid].line <= line) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
