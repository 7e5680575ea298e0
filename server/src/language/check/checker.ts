// Replays a flow on two RFC 9293 endpoints, statement by statement, and records
// the timeline, the findings and the inferences. A check saves checkpoints as it
// goes, so that a check of an edited copy of the file can resume (see resume.ts).
import { type AssertionStmt, type EventStmt, type FlowFile, type SegmentStmt, type SimultaneousStmt, type Statement } from '../syntax/ast';
import { formatNum, logPinsTo, resolve, unknownNumber, type SymbolBase } from '../tcp/seqnum';
import { State, STATE_NAMES } from '../tcp/states';
import { newTcb, seqSpace, type ResolvedSegment, type Tcb } from '../tcp/tcb';
import { dstText, hasTime, plainValue, srcText, timeDecreases, timeOf } from '../syntax/segmentNode';
import { lineStartAt } from '../text';
import { enter } from './apply';
import { CATALOGUE, type Code } from './catalogue';
import { CHECKPOINT_EVERY, copyTcb, type Checkpoint } from './checkpoint';
import { CheckContext, type Side } from './context';
import type { Finding } from './diagnostic';
import { evaluate } from './expr';
import { exchangeInOrder } from './inOrder';
import { initialStates } from './initial';
import { NameResolver, type Names } from './names';
import { editedNames, type NamesEdit } from './namesEdit';
import { receive } from './receiver';
import { Resumption, type StatementEdit } from './resume';
import type { CheckResult, Endpoint, Inference, Step, SymbolInfo } from './result';
import { payloadLength, send } from './sender';
import { StepRows, Timeline } from './timeline';

const NONE: ReadonlySet<never> = new Set();

const asIs = <T>(x: T): T => x;

export function check(file: FlowFile): CheckResult {
  return checkRun(file).result;
}

/** A check and what it keeps so that an edited copy of the file can be checked from the edit on. */
export interface CheckRun {
  readonly result: CheckResult;
  /** Undefined once an incremental check took it over (its state now belongs to the new run). */
  log: ReplayLog | undefined;
  /** How many top-level statements this run replayed (all of them unless it resumed and joined the previous run). */
  readonly replayed: number;
}

/** The replay's state and history, as a resumed check picks them up. */
export interface ReplayLog {
  readonly names: Names;
  /** The findings about endpoint names. */
  readonly nameFindings: readonly Finding[];
  readonly initial: readonly State[];
  readonly ctx: CheckContext;
  readonly steps: StepRows;
  /** Where the steps are stored. */
  readonly timeline: Timeline;
  readonly checkpoints: Checkpoint[];
  /** Every symbol the replay pinned, in order. */
  readonly pins: SymbolBase[];
}

/** `common: false` checks every segment with the sender's and receiver's rules (tests compare it with the shortcut for common segments, inOrder.ts). */
export function checkRun(file: FlowFile, { common = true } = {}): CheckRun {
  const checker = new Checker(file);
  checker.common = common;
  return checker.run();
}

/**
 * Checks `file`, an edited copy of the file `previous` checked, from the last
 * checkpoint before the edit; `previous` is taken over (its later statements'
 * findings, steps and inferences move into the new run). A full check when the
 * edit changes what holds for the whole file (endpoints, initial states).
 */
export function checkEdited(file: FlowFile, previous: CheckRun, edit: StatementEdit, namesEdit: NamesEdit): CheckRun {
  const log = previous.log;
  previous.log = undefined;
  const checker = new Checker(file, log && editedNames(log.names, log.nameFindings, namesEdit, file.text));
  if (!log || !checker.sameSetup(log)) return checker.run();
  return checker.run(new Resumption(log, edit));
}

export type { StatementEdit };

/**
 * A check fed statements in file order, a piece of the file at a time, keeping
 * none of the timeline: for files too large to hold as one syntax tree. The
 * endpoint names and initial states come from a reading of the whole file.
 */
export class PieceCheck {
  private readonly checker: Checker;

  constructor(text: string, names: Names, initial: readonly State[]) {
    this.checker = new Checker({ text, statements: [] }, { names, findings: [] }, initial);
  }

  /** Replays the statements; returns their findings and steps (the checker keeps no finding, step or inference). */
  feed(statements: readonly Statement[]): { findings: Finding[]; steps: Step[] } {
    return this.checker.feed(statements);
  }
}

/** A segment of a `simultaneous` block, sent and not yet delivered. */
interface InFlight {
  /** The step's row. */
  readonly step: number;
  readonly seg: ResolvedSegment;
  /** Index of the sender's first finding: sender errors get the receiver's reaction appended. */
  readonly findingsFrom: number;
  readonly findingsTo: number;
}

class Checker {
  /** Common segments are checked on numbers alone (inOrder.ts). */
  common = true;
  private ctx: CheckContext;
  /** Findings about the endpoint names (the whole file's), before the replay's. */
  private readonly prelude: CheckContext;
  private readonly names: Names;
  /** Resolves the names of a fresh check (a check after an edit is given them); `resolved`: the statements resolved so far. */
  private resolver: NameResolver | undefined;
  private resolved = 0;
  private sides: Side[];
  private steps = new StepRows();
  private timeline: Timeline;
  /** The snapshot row of the TCBs after the last step (-1 before any). */
  private current = -1;
  /** The last segment with a timestamp. */
  private lastTime: SegmentStmt | undefined;
  private readonly initial: readonly State[];
  private checkpoints: Checkpoint[] = [];
  private pins: SymbolBase[] = [];

  /** `known`: the names and their findings, when the edit left them to be updated rather than resolved again. */
  constructor(private readonly file: FlowFile, known?: { names: Names; findings: Finding[] }, initial?: readonly State[]) {
    this.ctx = new CheckContext(file.text);
    this.prelude = new CheckContext(file.text, known?.findings);
    if (known) {
      this.names = known.names;
      this.resolved = file.statements.length;
    } else {
      // Declarations first; each statement's uses as the replay reaches it (names settle at their first use), or as the initial states need them.
      const resolver = (this.resolver = new NameResolver(this.prelude));
      for (let i = 0; i < file.statements.length; i++) {
        const s = file.statements[i];
        if (s.kind === 'endpoint') resolver.declare(s);
      }
      this.names = resolver.names;
    }
    this.initial = initial ?? initialStates(this.resolving(), this.names);
    this.sides = this.names.endpoints.map((e, i) => ({ index: i, name: e.name, tcb: newTcb(this.initial[i]) }));
    this.timeline = new Timeline(this.sides.length, file.statements.length + 64);
    this.inferInitialStates();
  }

  /** Resolves the names of the statements up to `end` (all of them without), when this check resolves them itself. */
  private resolveUpTo(end = this.file.statements.length): void {
    const statements = this.file.statements;
    for (; this.resolved < end; this.resolved++) this.resolver?.useAll(statements[this.resolved]);
  }

  /** The statements, each resolved as it is read. */
  private *resolving(): Generator<Statement> {
    const statements = this.file.statements;
    for (let i = 0; i < statements.length; i++) {
      this.resolveUpTo(i + 1);
      yield statements[i];
    }
  }

  /** The same endpoints (declared by the same statements), names in error and initial states as the previous run. */
  sameSetup(log: ReplayLog): boolean {
    this.resolveUpTo();
    const a = this.names;
    const b = log.names;
    return a.endpoints.length === b.endpoints.length
      && a.endpoints.every((e, i) => e.name === b.endpoints[i].name && e.decl === b.endpoints[i].decl)
      && a.rejected.size === b.rejected.size && [...a.rejected].every((n) => b.rejected.has(n))
      && this.initial.every((s, i) => s === log.initial[i]);
  }

  run(resume?: Resumption): CheckRun {
    let from = 0;
    if (resume) {
      const at = resume.start(this.file.text);
      this.ctx = at.ctx;
      this.steps = at.steps;
      this.timeline = at.timeline;
      this.checkpoints = at.checkpoints;
      this.pins = at.pins;
      this.lastTime = at.checkpoint.lastTime;
      this.sides = this.sides.map((s, i) => ({ ...s, tcb: copyTcb(at.checkpoint.tcbs[i]) }));
      from = at.checkpoint.stmt;
    } else this.checkpoint(0);
    logPinsTo(this.pins);
    let replayed;
    try {
      replayed = this.replay(from, resume);
    } finally {
      logPinsTo(undefined);
    }
    this.compact();
    const result = this.result(resume?.converged ?? false);
    const log = {
      names: this.names, nameFindings: this.prelude.findings, initial: this.initial, ctx: this.ctx, steps: this.steps, timeline: this.timeline,
      checkpoints: this.checkpoints, pins: this.pins,
    };
    return { result, log, replayed };
  }

  /** Replays the statements from `from` on, until the end or until the resumption joins the previous run; returns how many. */
  private replay(from: number, resume: Resumption | undefined): number {
    const statements = this.file.statements;
    for (let i = from; i < statements.length; i++) {
      // The state is made only where the previous run saved one to compare with.
      if (resume?.mayJoin(i) && resume.converges(this.state(i))) return i - from;
      const since = i - this.checkpoints[this.checkpoints.length - 1].stmt;
      if (since >= CHECKPOINT_EVERY && since >= this.checkpointEvery()) this.checkpoint(i);
      if (i >= this.resolved) this.resolveUpTo(i + 1);
      this.statement(statements[i]);
    }
    return statements.length - from;
  }

  /** Steps made before the ones `steps` holds (a piece check forgets them). */
  private stepsBefore = 0;

  private nextStep(): number {
    return this.stepsBefore + this.steps.length + 1;
  }

  /** Drops the rows of steps that resumed checks replaced, once they outnumber the live ones; leaves little spare room. */
  private compact(): void {
    if (this.timeline.wasted(this.steps.length) > this.steps.length) ({ timeline: this.timeline, last: this.current } = this.timeline.compacted(this.steps, this.current));
    this.timeline.trim();
  }

  feed(statements: readonly Statement[]): { findings: Finding[]; steps: Step[] } {
    for (const s of statements) this.statement(s);
    const ctx = this.ctx;
    const findings = ctx.findings.splice(0);
    ctx.inferences.length = 0;
    ctx.symbolLog.length = 0;
    for (const e of ctx.symbols.values()) e.uses.length = 1;
    const steps = this.timeline.views(this.steps);
    this.stepsBefore += steps.length;
    this.steps = new StepRows();
    // The steps handed out keep their timeline; the next piece starts one of its own, from the TCBs now.
    ({ timeline: this.timeline, last: this.current } = this.timeline.compacted(this.steps, this.current, steps.length + 64));
    return { findings, steps };
  }

  private statement(stmt: Statement): void {
    switch (stmt.kind) {
      // A common segment is checked on its numbers first (no block made for it).
      case 'segment': if (!this.common || !this.inOrder(stmt, this.snapshotBefore())) this.block([stmt]); break;
      case 'simultaneous': this.block(stmt.segments, stmt); break;
      case 'event': this.event(stmt); break;
      case 'assertion': this.assertion(stmt); break;
    }
  }

  /** The state before statement `i`, with the live TCBs or, for a checkpoint to keep, their copies. */
  private state(i: number, copy: (t: Tcb) => Tcb = asIs): Checkpoint {
    const ctx = this.ctx;
    return {
      stmt: i, tcbs: this.sides.map((s) => copy(s.tcb)), lastTime: this.lastTime, steps: this.steps.length, findings: ctx.findings.length,
      inferences: ctx.inferences.length, pins: this.pins.length, symbols: ctx.symbolLog.length, lineRefs: ctx.lineRefs,
    };
  }

  /**
   * Statements between checkpoints: a checkpoint copies the lists of both
   * TCBs, so with long lists (thousands of lost segments never acknowledged)
   * they are spaced out in proportion, and the copies stay linear overall.
   */
  private checkpointEvery(): number {
    let listed = 0;
    for (let i = 0; i < this.sides.length; i++) listed += this.sides[i].tcb.lost.length;
    return Math.max(CHECKPOINT_EVERY, listed >> 2);
  }

  private checkpoint(i: number): void {
    this.checkpoints.push(this.state(i, copyTcb));
  }

  /**
   * The snapshot row of both TCBs as a statement starts: the last row taken.
   * Every statement that changes a TCB takes a row after its last change, and
   * nothing changes one between statements, so it needs no comparing.
   */
  private snapshotBefore(): number {
    return this.current >= 0 ? this.current : this.snapshots();
  }

  /** The snapshot row of both TCBs now: the previous one while neither changed (a long flow's steps share most rows). */
  private snapshots(): number {
    return (this.current = this.timeline.snapshot(this.sides, this.current));
  }

  private addStep(stmt: Step['stmt'], endpoint: number, before: number, after: number, segment?: ResolvedSegment): number {
    const i = this.timeline.step(this.nextStep(), stmt, endpoint, before, after, segment);
    this.steps.push(i);
    return i;
  }

  /** Sends every segment, then delivers each in order: one segment alone, or a `simultaneous` block. */
  private block(segments: readonly SegmentStmt[], block?: SimultaneousStmt): void {
    const before = this.snapshotBefore();
    if (segments.length === 1) {
      const stmt = segments[0];
      // Sent and delivered with no record in between.
      const from = this.ctx.findings.length;
      const step = this.send(stmt, before);
      if (step >= 0) this.deliver(step, this.sent!, from, this.ctx.findings.length);
    } else {
      const flights: InFlight[] = [];
      for (const stmt of segments) {
        const from = this.ctx.findings.length;
        const step = this.send(stmt, before);
        if (step >= 0) flights.push({ step, seg: this.sent!, findingsFrom: from, findingsTo: this.ctx.findings.length });
      }
      for (const f of flights) this.deliver(f.step, f.seg, f.findingsFrom, f.findingsTo);
    }
    this.inferStateChanges(block ? block.end : segments[0].end, before);
  }

  /** A common segment (inOrder.ts), checked on its numbers; false, with nothing done, for any other. */
  private inOrder(stmt: SegmentStmt, before: number): boolean {
    if (stmt.lost || stmt.old || stmt.invalid) return false;
    const me = this.sides[this.names.indexOf(srcText(stmt))];
    const peer = this.sides[this.names.indexOf(dstText(stmt))];
    const seq = plainValue(stmt.spec, 'seq');
    const ack = plainValue(stmt.spec, 'ack');
    if (!me || !peer || me === peer || seq === undefined || ack === undefined) return false;
    const flags = stmt.spec.flags;
    const len = payloadLength(stmt);
    // Plain values are 32-bit numbers already (what `u32` would make of them).
    if (!exchangeInOrder(me.tcb, peer.tcb, flags, seq, ack, len)) return false;
    this.timestamp(stmt);
    const i = this.timeline.inOrderStep(this.nextStep(), stmt, me.index, before, flags);
    this.steps.push(i);
    this.timeline.setOutcome(i, 'accepted');
    this.timeline.setAfter(i, (this.current = this.timeline.inOrderSnapshot(i, this.sides)));
    return true;
  }

  /** The segment the last `send` resolved. */
  private sent: ResolvedSegment | undefined;

  /** Runs the sender's rules; returns the step's row (the resolved segment is `sent`), -1 when the segment cannot be replayed (names in error, an invalid line). */
  private send(stmt: SegmentStmt, before: number): number {
    this.timestamp(stmt);
    const me = this.sides[this.names.indexOf(srcText(stmt))];
    const peer = this.sides[this.names.indexOf(dstText(stmt))];
    if (!me || !peer || me === peer || stmt.invalid) {
      this.addStep(stmt, me?.index ?? 0, before, before);
      return -1;
    }
    const seg = (this.sent = stmt.old ? this.oldSegment(me, stmt) : send(this.ctx, me, peer, stmt));
    return this.addStep(stmt, me.index, before, before, seg);
  }

  /** Runs the receiver's rules on a sent segment; `findingsFrom`/`findingsTo`: the sender's findings about it. */
  private deliver(i: number, seg: ResolvedSegment, findingsFrom: number, findingsTo: number): void {
    const stmt = this.timeline.stmt(i) as SegmentStmt;
    const me = this.sides[this.timeline.endpoint(i)];
    const peer = this.sides[1 - this.timeline.endpoint(i)];
    const peerState = peer.tcb.state;
    const senderFound = findingsTo > findingsFrom;
    const senderCodes = senderFound ? new CodesIn(this.ctx.findings, findingsFrom, findingsTo) : NONE;
    const outcome = stmt.lost ? 'lost' : receive(this.ctx, peer, me, seg, senderCodes);
    this.timeline.setOutcome(i, outcome);
    if (senderFound && !stmt.lost) this.appendReaction(findingsFrom, findingsTo, `${peer.name} (${STATE_NAMES[peerState]}): ${outcome}`);
    this.timeline.setAfter(i, this.snapshots());
  }

  /** An old duplicate: delivered only, with the numbers it shows (no sender rules). */
  private oldSegment(me: Side, stmt: SegmentStmt): ResolvedSegment {
    const spec = stmt.spec;
    const seq = (spec.seq && evaluate(this.ctx, spec.seq, me.tcb, undefined)) ?? unknownNumber(me.name, 'old seq');
    const ack = spec.ack ? evaluate(this.ctx, spec.ack, me.tcb, undefined) : undefined;
    const len = payloadLength(stmt);
    return { flags: spec.flags, seq, ack, len, segLen: seqSpace(spec.flags, len), stmt };
  }

  private appendReaction(findingsFrom: number, findingsTo: number, reaction: string): void {
    const findings = this.ctx.findings;
    for (let i = findingsFrom; i < findingsTo; i++) {
      const x = findings[i];
      if (CATALOGUE[x.code].severity === 'error' && x.code >= 'TF300') findings[i] = { ...x, message: `${x.message} — ${reaction}` };
    }
  }

  private timestamp(stmt: SegmentStmt): void {
    // Values only: a segment makes its time span when asked, and only a report needs one.
    if (!hasTime(stmt)) return;
    const last = this.lastTime;
    if (last && timeDecreases(last, stmt)) {
      const value = timeOf(stmt);
      const lastValue = timeOf(last);
      const previous = last.time!;
      this.ctx.report('TF108', stmt.time!, `timestamp ${value} is earlier than ${lastValue} (line ${this.ctx.lineOf(last)}): timestamps must not decrease`, {
        related: [{ start: previous.start, end: previous.end, message: 'the previous timestamp' }],
      });
    }
    this.lastTime = stmt;
  }

  private event(stmt: EventStmt): void {
    const side = this.sideOf(stmt.endpoint.text);
    if (!side) return;
    const before = this.snapshotBefore();
    const st = side.tcb.state;
    const ok =
      stmt.event === 'listen' ? st === State.LISTEN || enter(side, 'listen')
      : stmt.event === 'close' ? enter(side, 'close')
      : stmt.event === 'timeout' ? enter(side, 'timeout')
      : enter(side, 'wait 2MSL');
    if (!ok) this.eventNotAllowed(stmt, side, st);
    this.addStep(stmt, side.index, before, this.snapshots());
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
    const snaps = this.snapshotBefore();
    this.addStep(stmt, side.index, snaps, snaps);
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
      const state = STATE_NAMES[this.initial[i]];
      if (e.decl) this.prelude.infer('initial', e.decl.end, () => ({ label: state, insert: ` ${state}` }));
      else {
        // At the start of the line of the first use, so both endpoints' hints stand together.
        const lineStart = lineStartAt(this.file.text, e.first.start);
        this.prelude.infer('initial', lineStart, () => ({ label: `${e.name} starts ${state}` }));
      }
    });
  }

  /** A hint for each endpoint whose state the statement changed. */
  private inferStateChanges(offset: number, before: number): void {
    for (const s of this.sides) {
      const st = s.tcb.state;
      if (st !== this.timeline.state(before, s.index)) this.ctx.infer('state', offset, () => ({ label: `${s.name}: ${STATE_NAMES[st]}` }));
    }
  }

  /** `kept`: the symbols end with the values of the previous run, so its renderings of inferences still hold. */
  private result(kept: boolean): CheckResult {
    const endpoints: Endpoint[] = this.names.endpoints.map((e, i) => ({
      name: e.name,
      decl: e.decl,
      label: e.decl?.label?.value,
      initial: this.initial[i],
      initialInferred: e.decl?.state === undefined,
      first: e.first,
    }));
    const render = (p: (typeof this.ctx.inferences)[number]): Inference => {
      if (!kept || !p.rendered) p.rendered = { kind: p.kind, offset: p.offset, ...p.render() };
      return p.rendered;
    };
    const inferences = this.prelude.inferences.map(render).concat(this.ctx.inferences.map(render));
    const symbols = new Map<string, SymbolInfo>();
    for (const [name, s] of this.ctx.symbols) {
      symbols.set(name, { name, base: s.base, uses: s.uses, value: formatNum(resolve({ base: s.base, off: 0 })) });
    }
    const findings: Finding[] = this.prelude.findings.concat(this.ctx.findings);
    const { timeline, steps } = this;
    let views: Step[] | undefined;
    return {
      endpoints, findings, inferences, symbols,
      // Made when first read: diagnostics need no step, and a long flow has one per line.
      get steps() {
        return (views ??= timeline.views(steps));
      },
    };
  }
}

/** The codes of some findings, read where they stand (a segment has a finding or two: no set is worth making). */
class CodesIn {
  constructor(private readonly findings: readonly Finding[], private readonly from: number, private readonly to: number) {}

  has(code: Code): boolean {
    for (let i = this.from; i < this.to; i++) if (this.findings[i].code === code) return true;
    return false;
  }
}

/** True when nothing but blanks and a comment follows `offset` on its line. */
function onlyCommentAfter(text: string, offset: number): boolean {
  const nl = text.indexOf('\n', offset);
  return /^\s*(?:(?:#|\/\/)[^\n]*)?$/.test(text.slice(offset, nl < 0 ? text.length : nl));
}
