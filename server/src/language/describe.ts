// Words and tables for people: a resolved segment as `SYN+ACK seq=300 ack=101`,
// and the timeline as rows (the CLI's `states`, Markdown export, hovers).
import type { Analysis } from './analysis';
import type { Step } from './check/result';
import { Flag, FLAG_BITS, type FlagName } from './syntax/ast';
import { formatNum } from './tcp/seqnum';
import { STATE_NAMES } from './tcp/states';
import type { ResolvedSegment } from './tcp/tcb';
import type { LineIndex } from './text';
import { dstText, srcText } from './syntax/segmentNode';

/** Flags in the customary order (SYN, FIN, RST, PSH, ACK, URG, ECE, CWR), joined with `+`. */
const ORDER: readonly FlagName[] = ['SYN', 'FIN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'];

/** Each set of flags' words, made once: a long timeline names the same few on every row. */
const FLAGS_TEXT: string[] = [];

export function flagsText(flags: number): string {
  let text = FLAGS_TEXT[flags];
  if (text === undefined) {
    const names = ORDER.filter((f) => flags & FLAG_BITS[f]);
    FLAGS_TEXT[flags] = text = names.length ? names.join('+') : '(no flags)';
  }
  return text;
}

export function segmentText(seg: ResolvedSegment): string {
  let s = `${flagsText(seg.flags)} seq=${formatNum(seg.seq)}`;
  if (seg.ack !== undefined && seg.flags & Flag.ACK) s += ` ack=${formatNum(seg.ack)}`;
  if (seg.len) s += ` len=${seg.len}`;
  return s;
}

export interface TimelineRow {
  readonly step: number;
  readonly line: number;
  /** `Client -> Server` / `Client -x Server` / `Client: close`. */
  readonly what: string;
  /** The segment as resolved, or the event / assertion. */
  readonly detail: string;
  /** Each endpoint's state after the step, in endpoint order. */
  readonly states: readonly string[];
  readonly outcome: string;
}

function stepWhat(text: string, s: Step): { what: string; detail: string } {
  const st = s.stmt;
  if (st.kind === 'segment') {
    const arrow = st.lost ? '-x' : '->';
    return { what: `${st.old ? 'old ' : ''}${srcText(st)} ${arrow} ${dstText(st)}`, detail: s.segment ? segmentText(s.segment) : '' };
  }
  const name = st.endpoint.text;
  if (st.kind === 'event') return { what: `${name}: ${text.slice(st.word.start, st.word.end)}`, detail: 'event' };
  return { what: `${name}: ${st.stateName.text}`, detail: 'assertion' };
}

/** One step as a row; `lines` indexes `text`. */
export function timelineRow(text: string, lines: LineIndex, s: Step): TimelineRow {
  const { what, detail } = stepWhat(text, s);
  return {
    step: s.n,
    line: lines.position(s.stmt.start).line + 1,
    what,
    detail,
    states: s.states.map((t) => STATE_NAMES[t]),
    outcome: s.outcome ?? '',
  };
}

export function timelineRows(a: Analysis): TimelineRow[] {
  return a.result.steps.map((s) => timelineRow(a.text, a.lines, s));
}
