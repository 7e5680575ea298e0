// Replays a flow on two RFC 9293 endpoints, statement by statement, and records
// the timeline, the findings and the inferences.
import { type AssertionStmt, type EventStmt, type FlowFile, type SegmentStmt, type SimultaneousStmt } from '../syntax/ast';
import { formatNum, resolve, unknownNumber } from '../tcp/seqnum';
import { State, STATE_NAMES } from '../tcp/states';
import { newTcb, sameSnapshot, seqSpace, snapshot, type ResolvedSegment, type TcbSnapshot } from '../tcp/tcb';
import { enter } from './apply';
import { CATALOGUE } from './catalogue';
import { CheckContext, type Side } from './context';
import { evaluate } from './expr';
import { initialStates } from './initial';
import { resolveNames, type Names } from './names';
import { receive } from './receiver';
import type { CheckResult, Endpoint, Inference, Step, SymbolInfo } from './result';
import { payloadLength, send } from './sender';

const NONE: ReadonlySet<never> = new Set();

export function check(file: FlowFile): CheckResult {
  return new Checker(file).run();
}

interface InFlight {
  readonly stmt: SegmentStmt;
  readonly me: Side;
  readonly peer: Side;
  readonly seg: ResolvedSegment;
  readonly step: Step;
  /** Index of the sender's first finding: sender errors get the receiver's reaction appended. */
  readonly findingsFrom: number;
  readonly findingsTo: number;
}

class Checker {
  private readonly ctx: CheckContext;
  private readonly names: Names;
  private readonly sides: Side[];
  private readonly steps: Step[] = [];
  private lastTime: { value: number; stmt: SegmentStmt } | undefined;
  private readonly initial: readonly State[];

  constructor(private readonly file: FlowFile) {
    this.ctx = new CheckContext(file.text);
    this.names = resolveNames(this.ctx, file);
    this.initial = initialStates(file, this.names);
    this.sides = this.names.endpoints.map((e, i) => ({ index: i, name: e.name, tcb: newTcb(this.initial[i]) }));
  }

  run(): CheckResult {
    this.inferInitialStates();
    for (const stmt of this.file.statements) {
      switch (stmt.kind) {
        case 'segment': this.block([stmt]); break;
        case 'simultaneous': this.block(stmt.segments, stmt); break;
        case 'event': this.event(stmt); break;
        case 'assertion': this.assertion(stmt); break;
      }
    }
    return this.result();
  }

  /**
   * Both TCBs now. A side whose TCB did not change keeps its previous snapshot
   * object, and the array is reused when neither changed: a long flow's timeline
   * shares most of its snapshots.
   */
  private snapshots(): readonly TcbSnapshot[] {
    const prev = this.current;
    let changed = false;
    const next = this.sides.map((s, i) => {
      const p = prev[i];
      if (p && sameSnapshot(p, s.tcb)) return p;
      changed = true;
      return snapshot(s.tcb);
    });
    if (changed || !prev.length) this.current = next;
    return this.current;
  }

  private current: readonly TcbSnapshot[] = [];

  /** Sends every segment, then delivers each in order: one segment alone, or a `simultaneous` block. */
  private block(segments: readonly SegmentStmt[], block?: SimultaneousStmt): void {
    const before = this.snapshots();
    const flights: InFlight[] = [];
    for (const stmt of segments) {
      const f = this.send(stmt, before);
      if (f) flights.push(f);
    }
    for (const f of flights) this.deliver(f);
    this.inferStateChanges(block ? block.end : segments[0].end, before);
  }

  private send(stmt: SegmentStmt, before: readonly TcbSnapshot[]): InFlight | undefined {
    this.timestamp(stmt);
    const me = this.sides[this.names.indexOf(stmt.src.text)];
    const peer = this.sides[this.names.indexOf(stmt.dst.text)];
    if (!me || !peer || me === peer || stmt.invalid) {
      this.steps.push({ n: this.steps.length + 1, stmt, before, after: before, endpoint: me?.index ?? 0 });
      return undefined;
    }
    const from = this.ctx.findings.length;
    const seg = stmt.old ? this.oldSegment(me, stmt) : send(this.ctx, me, peer, stmt);
    const step: Step = { n: this.steps.length + 1, stmt, before, after: before, segment: seg, endpoint: me.index };
    this.steps.push(step);
    return { stmt, me, peer, seg, step, findingsFrom: from, findingsTo: this.ctx.findings.length };
  }

  private deliver(f: InFlight): void {
    const peerState = f.peer.tcb.state;
    const senderFound = f.findingsTo > f.findingsFrom;
    const senderCodes = senderFound ? new Set(this.ctx.findings.slice(f.findingsFrom, f.findingsTo).map((x) => x.code)) : NONE;
    f.step.outcome = f.stmt.lost ? 'lost' : receive(this.ctx, f.peer, f.me, f.seg, senderCodes);
    if (senderFound && !f.stmt.lost) this.appendReaction(f, `${f.peer.name} (${STATE_NAMES[peerState]}): ${f.step.outcome}`);
    f.step.after = this.snapshots();
  }

  /** An old duplicate: delivered only, with the numbers it shows (no sender rules). */
  private oldSegment(me: Side, stmt: SegmentStmt): ResolvedSegment {
    const spec = stmt.spec;
    const seq = (spec.seq && evaluate(this.ctx, spec.seq, me.tcb, undefined)) ?? unknownNumber(`${me.name}.old`);
    const ack = spec.ack ? evaluate(this.ctx, spec.ack, me.tcb, undefined) : undefined;
    const len = payloadLength(stmt);
    return { flags: spec.flags, seq, ack, len, segLen: seqSpace(spec.flags, len), stmt };
  }

  private appendReaction(f: InFlight, reaction: string): void {
    const findings = this.ctx.findings;
    for (let i = f.findingsFrom; i < f.findingsTo; i++) {
      const x = findings[i];
      if (CATALOGUE[x.code].severity === 'error' && x.code >= 'TF300') findings[i] = { ...x, message: `${x.message} — ${reaction}` };
    }
  }

  private timestamp(stmt: SegmentStmt): void {
    if (!stmt.time) return;
    const last = this.lastTime;
    if (last && stmt.time.value < last.value) {
      this.ctx.report('TF108', stmt.time, `timestamp ${stmt.time.value} is earlier than ${last.value} (line ${this.ctx.lineOf(last.stmt)}): timestamps must not decrease`, {
        related: [{ start: last.stmt.time!.start, end: last.stmt.time!.end, message: 'the previous timestamp' }],
      });
    }
    this.lastTime = { value: stmt.time.value, stmt };
  }

  private event(stmt: EventStmt): void {
    const side = this.sideOf(stmt.endpoint.text);
    if (!side) return;
    const before = this.snapshots();
    const st = side.tcb.state;
    const ok =
      stmt.event === 'listen' ? st === State.LISTEN || enter(side, 'listen')
      : stmt.event === 'close' ? enter(side, 'close')
      : stmt.event === 'timeout' ? enter(side, 'timeout')
      : enter(side, 'wait 2MSL');
    if (!ok) this.eventNotAllowed(stmt, side, st);
    this.steps.push({ n: this.steps.length + 1, stmt, before, after: this.snapshots(), endpoint: side.index });
    this.inferStateChanges(stmt.end, before);
  }

  private eventNotAllowed(stmt: EventStmt, side: Side, st: State): void {
    const name = STATE_NAMES[st];
    const peer = this.sides.find((s) => s !== side);
    let message: string;
    let fixes;
    switch (stmt.event) {
      case 'listen':
        message = `${side.name} is ${name}: listen (a passive OPEN) needs a CLOSED endpoint`;
        break;
      case 'close': {
        const canFin = st === State.ESTABLISHED || st === State.SYN_RCVD || st === State.CLOSE_WAIT;
        message = `${side.name} is ${name}: close deletes only a LISTEN or SYN_SENT endpoint; ${canFin ? 'a connection closes by sending FIN' : 'nothing is left to close here'}`;
        // Not on a line with more after the event: the segment would take that text as its spec.
        if (canFin && peer && onlyCommentAfter(this.file.text, stmt.end)) fixes = [{ title: `Send FIN instead (${side.name} -> ${peer.name} : FIN)`, edits: [{ start: stmt.start, end: stmt.end, newText: `${side.name} -> ${peer.name} : FIN` }], preferred: true }];
        break;
      }
      default:
        message = `${side.name} is ${name}: the 2MSL wait ends TIME_WAIT only (RFC 9293 §3.10.8)`;
    }
    this.ctx.report('TF307', stmt.word, message, { related: this.ctx.related(side.tcb.stateStmt, `${side.name} entered ${name} here`), fixes });
  }

  private assertion(stmt: AssertionStmt): void {
    const side = this.sideOf(stmt.endpoint.text);
    if (!side) return;
    const snaps = this.snapshots();
    this.steps.push({ n: this.steps.length + 1, stmt, before: snaps, after: snaps, endpoint: side.index });
    const actual = side.tcb.state;
    if (stmt.state === undefined || stmt.state === actual) return;
    const name = STATE_NAMES[actual];
    this.ctx.report('TF306', stmt.stateName, `${side.name} is ${name} here, not ${STATE_NAMES[stmt.state]}`, {
      related: this.ctx.related(side.tcb.stateStmt, `${side.name} entered ${name} here`),
      fixes: [{ title: `Assert ${name}`, edits: [{ start: stmt.stateName.start, end: stmt.stateName.end, newText: name }] }],
    });
  }

  private sideOf(name: string): Side | undefined {
    return this.sides[this.names.indexOf(name)];
  }

  private inferInitialStates(): void {
    this.names.endpoints.forEach((e, i) => {
      if (e.decl?.state !== undefined) return;
      const state = STATE_NAMES[this.sides[i].tcb.state];
      if (e.decl) this.ctx.infer('initial', e.decl.end, () => ({ label: state, insert: ` ${state}` }));
      else {
        // At the start of the line of the first use, so both endpoints' hints stand together.
        const lineStart = this.file.text.lastIndexOf('\n', e.uses[0].start - 1) + 1;
        this.ctx.infer('initial', lineStart, () => ({ label: `${e.name} starts ${state}` }));
      }
    });
  }

  /** A hint for each endpoint whose state the statement changed. */
  private inferStateChanges(offset: number, before: readonly TcbSnapshot[]): void {
    for (const s of this.sides) {
      const st = s.tcb.state;
      if (st !== before[s.index]?.state) this.ctx.infer('state', offset, () => ({ label: `${s.name}: ${STATE_NAMES[st]}` }));
    }
  }

  private result(): CheckResult {
    const endpoints: Endpoint[] = this.names.endpoints.map((e, i) => ({
      name: e.name,
      decl: e.decl,
      label: e.decl?.label?.value,
      initial: this.initial[i],
      initialInferred: e.decl?.state === undefined,
      uses: e.uses,
    }));
    const inferences: Inference[] = this.ctx.inferences.map((p) => ({ kind: p.kind, offset: p.offset, ...p.render() }));
    const symbols = new Map<string, SymbolInfo>();
    for (const [name, s] of this.ctx.symbols) {
      symbols.set(name, { name, base: s.base, uses: s.uses, value: formatNum(resolve({ base: s.base, off: 0 })) });
    }
    return { endpoints, steps: this.steps, findings: this.ctx.findings, inferences, symbols };
  }
}

/** True when nothing but blanks and a comment follows `offset` on its line. */
function onlyCommentAfter(text: string, offset: number): boolean {
  const nl = text.indexOf('\n', offset);
  return /^\s*(?:(?:#|\/\/)[^\n]*)?$/.test(text.slice(offset, nl < 0 ? text.length : nl));
}
