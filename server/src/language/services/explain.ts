// How the checker arrived at a segment's numbers: written (and what the symbols
// and the words SYN/FIN in it stand for) or inferred (from which TCB variable).
import type { Analysis } from '../analysis';
import { code } from '../markdown';
import type { Step } from '../check/result';
import { Flag, termsOf, type Expr, type SegmentStmt } from '../syntax/ast';
import { add, diff, formatNum, resolve, type Num } from '../tcp/seqnum';
import { State } from '../tcp/states';

const lineOf = (a: Analysis, offset: number) => a.lines.position(offset).line + 1;

/** True when a number is still one the checker made up for a value no segment showed. */
export function isUnknown(n: Num): boolean {
  const r = resolve(n);
  return typeof r !== 'number' && r.base.anonymous;
}

/** The steps before `step`, latest first. */
function* earlier(a: Analysis, step: Step): Generator<Step> {
  for (let i = step.n - 2; i >= 0; i--) yield a.result.steps[i];
}

/** The segment a RST answers: the one just delivered to its sender. */
function answered(a: Analysis, step: Step): Step | undefined {
  const prev = a.result.steps[step.n - 2];
  return prev?.segment && prev.outcome === 'answered with RST' && prev.stmt.kind === 'segment' && prev.stmt.dst.text === stepSender(step) ? prev : undefined;
}

function stepSender(step: Step): string | undefined {
  return step.stmt.kind === 'segment' ? step.stmt.src.text : undefined;
}

function inferredSeq(a: Analysis, step: Step, seq: Num): string {
  const seg = step.segment!;
  const name = code(stepSender(step)!);
  if ((step.stmt as SegmentStmt).old) return 'not written: an old duplicate carries only what it shows';
  const tcb = step.before[step.endpoint];
  const reply = seg.flags & Flag.RST ? answered(a, step) : undefined;
  if (reply?.segment) {
    const r = reply.segment;
    return r.flags & Flag.ACK
      ? `SEG.ACK of the segment it answers (line ${lineOf(a, reply.stmt.start)})`
      : `0: a RST answering a segment without ACK (line ${lineOf(a, reply.stmt.start)})`;
  }
  if (seg.flags & Flag.SYN && !(seg.flags & Flag.ACK) && (tcb.state === State.CLOSED || tcb.state === State.LISTEN)) {
    return isUnknown(seq) ? `${name}'s new ISN (no segment shows it)` : `${name}'s new ISN`;
  }
  if (tcb.iss !== undefined && seg.flags & Flag.SYN && diff(seq, tcb.iss) === 0) return `${name}'s ISS (its SYN again)`;
  if (tcb.sndNxt === undefined || diff(seq, tcb.sndNxt) === 0) return `${name}'s SND.NXT`;
  return seg.flags & Flag.FIN && seg.len === 0 ? `the seq of ${name}'s own FIN (a retransmission)` : `the seq of the lost segment it retransmits`;
}

function inferredAck(a: Analysis, step: Step): string {
  const name = code(stepSender(step)!);
  const reply = answered(a, step);
  if (reply?.segment && !(reply.segment.flags & Flag.ACK)) return `SEG.SEQ + SEG.LEN of the segment it answers (line ${lineOf(a, reply.stmt.start)})`;
  return `${name}'s RCV.NXT: everything it has received`;
}

/** The value the word SYN or FIN stood for in `expr`, when the rest of it is plain numbers. */
function wordValue(expr: Expr, value: Num): Num | undefined {
  let constant = 0;
  let negative: boolean | undefined;
  for (const t of termsOf(expr)) {
    if (t.kind === 'number') constant += t.negative ? -t.value : t.value;
    else if (t.kind === 'word' && negative === undefined) negative = t.negative;
    else return undefined;
  }
  if (negative === undefined || negative) return undefined;
  return add(value, -constant);
}

/** The segment that the word SYN/FIN refers to: the latest one delivered to the sender at that number. */
function wordSource(a: Analysis, step: Step, word: 'SYN' | 'FIN', at: Num): Step | undefined {
  const me = stepSender(step);
  for (const s of earlier(a, step)) {
    const seg = s.segment;
    if (!seg || s.stmt.kind !== 'segment' || s.stmt.lost || s.stmt.dst.text !== me) continue;
    if (word === 'SYN' && seg.flags & Flag.SYN && diff(seg.seq, at) === 0) return s;
    if (word === 'FIN' && seg.flags & Flag.FIN && diff(add(seg.seq, seg.len), at) === 0) return s;
  }
  return undefined;
}

/** What the symbols and words of a written expression stand for: `ISN_Client = 100`. */
function meaningsIn(a: Analysis, step: Step, expr: Expr, value: Num): string[] {
  const out: string[] = [];
  for (const t of termsOf(expr)) {
    if (t.kind === 'symbol') {
      const info = a.result.symbols.get(t.name);
      if (info && info.value !== t.name) out.push(code(`${t.name} = ${info.value}`));
    } else if (t.kind === 'word') {
      const w = wordValue(expr, value);
      const src = w === undefined ? undefined : wordSource(a, step, t.word, w);
      if (w !== undefined) out.push(`${code(`${t.word} = ${formatNum(w)}`)}${src ? ` (the ${t.word} of line ${lineOf(a, src.stmt.start)})` : ''}`);
    }
  }
  return out;
}

export interface NumberExplanation {
  readonly field: 'seq' | 'ack';
  /** The value, formatted (`101`, `ISN_Client+1`). */
  readonly value: string;
  readonly written: boolean;
  /** Markdown: the expression written and what its names stand for, or the TCB variable it was inferred from. */
  readonly how: string;
}

function written(a: Analysis, step: Step, field: 'seq' | 'ack', expr: Expr, value: Num): NumberExplanation {
  const text = a.text.slice(expr.start, expr.end);
  const shown = formatNum(value);
  const parts = text.replace(/\s+/g, '') === shown ? [] : [code(text)];
  parts.push(...meaningsIn(a, step, expr, value));
  return { field, value: shown, written: true, how: parts.join(', ') };
}

/** seq and ack of a replayed segment (ack only when the segment carries ACK). */
export function explainNumbers(a: Analysis, step: Step): NumberExplanation[] {
  const seg = step.segment;
  const stmt = step.stmt as SegmentStmt;
  if (!seg) return [];
  const out: NumberExplanation[] = [];
  const spec = stmt.spec;
  out.push(spec.seq ? written(a, step, 'seq', spec.seq, seg.seq) : { field: 'seq', value: formatNum(seg.seq), written: false, how: inferredSeq(a, step, seg.seq) });
  if (seg.ack !== undefined && seg.flags & Flag.ACK) {
    out.push(spec.ack ? written(a, step, 'ack', spec.ack, seg.ack) : { field: 'ack', value: formatNum(seg.ack), written: false, how: inferredAck(a, step) });
  }
  return out;
}
