// Resuming a check after an edit: the previous run's state is rolled back to its
// last checkpoint before the edit (symbols pinned or declared later are undone),
// the replay goes on from there, and as soon as the state before a statement
// after the edit equals the one the previous run saved before that same
// statement, the rest of the previous run is kept: its steps renumbered, its
// findings and inferences moved by the edit's shift, its pins and symbol
// changes replayed.
import { sameNum, sameState, type Checkpoint } from './checkpoint';
import type { ReplayLog } from './checker';
import { CheckContext, type PendingInference, type SymbolChange } from './context';
import { moveFinding, type Finding } from './diagnostic';
import type { StepRows, Timeline } from './timeline';
import type { Num, SymbolBase } from '../tcp/seqnum';

/** How the top-level statements changed: `removed` old ones from `from` on were replaced by `added` new ones. */
export interface StatementEdit {
  readonly from: number;
  readonly removed: number;
  readonly added: number;
  /** Old offsets at or after `at` moved by `delta` (the statements there were moved already). */
  readonly at: number;
  readonly delta: number;
  /** Lines inserted (negative: removed) by the edit. */
  readonly lines: number;
}

/** Where the resumed replay starts. */
export interface ResumePoint {
  readonly checkpoint: Checkpoint;
  readonly ctx: CheckContext;
  readonly steps: StepRows;
  readonly timeline: Timeline;
  readonly checkpoints: Checkpoint[];
  readonly pins: SymbolBase[];
}

export class Resumption {
  /** True once the replay joined the previous run. */
  converged = false;
  private resumed!: Checkpoint;
  private ctx!: CheckContext;
  private steps!: StepRows;
  private timeline!: Timeline;
  private checkpoints!: Checkpoint[];
  private pins!: SymbolBase[];
  /** The previous run's history after the checkpoint, taken out of it. */
  private oldFindings: Finding[] = [];
  private oldInferences: PendingInference[] = [];
  private oldSteps!: StepRows;
  private oldPins: SymbolBase[] = [];
  private oldPinValues: (Num | undefined)[] = [];
  private oldSymbols: SymbolChange[] = [];
  private oldCheckpoints: Checkpoint[] = [];
  private oldLineRefs = 0;
  /** The next previous checkpoint to compare with. */
  private next = 0;

  constructor(private readonly log: ReplayLog, private readonly edit: StatementEdit) {}

  start(text: string): ResumePoint {
    const { log, edit } = this;
    const cps = log.checkpoints;
    let i = cps.length - 1;
    while (i > 0 && cps[i].stmt > edit.from) i--;
    const cp = cps[i];
    this.resumed = cp;
    const old = log.ctx;
    this.oldLineRefs = old.lineRefs;
    // Undo, latest first: pins (a symbol is pinned at most once, so undoing is freeing it), then symbol changes.
    this.oldPins = log.pins.splice(cp.pins);
    this.oldPinValues = this.oldPins.map((b) => b.value);
    for (let k = this.oldPins.length - 1; k >= 0; k--) this.oldPins[k].value = undefined;
    this.oldSymbols = old.symbolLog.splice(cp.symbols);
    for (let k = this.oldSymbols.length - 1; k >= 0; k--) {
      const c = this.oldSymbols[k];
      if (c.use) c.entry.uses.pop();
      else old.symbols.delete(c.name);
    }
    this.oldFindings = old.findings.splice(cp.findings);
    this.oldInferences = old.inferences.splice(cp.inferences);
    this.oldSteps = log.steps.splice(cp.steps);
    this.oldCheckpoints = cps.splice(i + 1);
    this.ctx = new CheckContext(text, old.findings, old.inferences, old.symbols, old.symbolLog);
    this.ctx.lineRefs = cp.lineRefs;
    this.steps = log.steps;
    this.timeline = log.timeline;
    this.checkpoints = cps;
    this.pins = log.pins;
    return { checkpoint: cp, ctx: this.ctx, steps: this.steps, timeline: log.timeline, checkpoints: this.checkpoints, pins: this.pins };
  }

  /** The previous run saved its state before the statement that new statement `i` stands for: only there can the runs join. */
  mayJoin(i: number): boolean {
    const { edit } = this;
    if (i < edit.from + edit.added) return false;
    const oldIndex = i - edit.added + edit.removed;
    const cps = this.oldCheckpoints;
    while (this.next < cps.length && cps[this.next].stmt < oldIndex) this.next++;
    return this.next < cps.length && cps[this.next].stmt === oldIndex;
  }

  /**
   * Before new statement `i` (where `mayJoin(i)`), with the replay's state
   * `now`: when it equals the previous run's state before the same statement,
   * takes the rest of the previous run over and returns true.
   */
  converges(now: Checkpoint): boolean {
    const cp = this.oldCheckpoints[this.next];
    if (!this.sameAs(now, cp)) return false;
    this.join(now, cp);
    return true;
  }

  private sameAs(now: Checkpoint, cp: Checkpoint): boolean {
    const base = this.resumed;
    // Line numbers in later messages would change.
    if (this.edit.lines !== 0 && this.oldLineRefs > cp.lineRefs) return false;
    // The same symbols pinned to the same values, and no symbol declared (a new declaration is a new symbol).
    const pinned = now.pins - base.pins;
    if (pinned !== cp.pins - base.pins) return false;
    for (let k = 0; k < pinned; k++) {
      const b = this.pins[base.pins + k];
      if (b !== this.oldPins[k] || !sameNum(b.value!, this.oldPinValues[k]!)) return false;
    }
    for (let k = base.symbols; k < now.symbols; k++) if (!this.ctx.symbolLog[k].use) return false;
    for (let k = 0; k < cp.symbols - base.symbols; k++) if (!this.oldSymbols[k].use) return false;
    if (!sameState(now.lastTime, cp.lastTime) || !now.tcbs.every((t, k) => sameState(t, cp.tcbs[k], 'glance'))) return false;
    // Only when everything else agrees are long out-of-order queues walked (once, where the runs meet).
    return now.tcbs.every((t, k) => sameState(t, cp.tcbs[k]));
  }

  /** Appends the previous run's history from `cp` on, moved to the new text and numbering. */
  private join(now: Checkpoint, cp: Checkpoint): void {
    this.converged = true;
    const base = this.resumed;
    const { at, delta } = this.edit;
    const move = (x: number) => (x >= at ? x + delta : x);
    const ctx = this.ctx;
    const findings = this.oldFindings;
    for (let k = cp.findings - base.findings; k < findings.length; k++) ctx.findings.push(delta ? moveFinding(findings[k], move) : findings[k]);
    const inferences = this.oldInferences;
    for (let k = cp.inferences - base.inferences; k < inferences.length; k++) {
      const p = inferences[k];
      if (delta) {
        p.offset = move(p.offset);
        // The rendering is this run's own (the previous analysis was taken over).
        if (p.rendered) (p.rendered as { offset: number }).offset = p.offset;
      }
      ctx.inferences.push(p);
    }
    const renumber = now.steps - cp.steps;
    const steps = this.oldSteps;
    const timeline = this.timeline;
    for (let k = cp.steps - base.steps; k < steps.length; k++) {
      const row = steps.at(k);
      if (renumber) timeline.setNumber(row, timeline.number(row) + renumber);
      this.steps.push(row);
    }
    for (let k = cp.pins - base.pins; k < this.oldPins.length; k++) {
      this.oldPins[k].value = this.oldPinValues[k];
      this.pins.push(this.oldPins[k]);
    }
    const symbols = this.oldSymbols;
    for (let k = cp.symbols - base.symbols; k < symbols.length; k++) {
      const c = symbols[k];
      if (c.use) c.entry.uses.push(c.use);
      else ctx.symbols.set(c.name, c.entry);
      ctx.symbolLog.push(c);
    }
    ctx.lineRefs = now.lineRefs + this.oldLineRefs - cp.lineRefs;
    const d = {
      stmt: this.edit.added - this.edit.removed, steps: now.steps - cp.steps, findings: now.findings - cp.findings, inferences: now.inferences - cp.inferences,
      pins: now.pins - cp.pins, symbols: now.symbols - cp.symbols, lineRefs: now.lineRefs - cp.lineRefs,
    };
    for (const c of this.oldCheckpoints.slice(this.next)) {
      c.stmt += d.stmt;
      c.steps += d.steps;
      c.findings += d.findings;
      c.inferences += d.inferences;
      c.pins += d.pins;
      c.symbols += d.symbols;
      c.lineRefs += d.lineRefs;
      this.checkpoints.push(c);
    }
  }
}
