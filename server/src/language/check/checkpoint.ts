// What the checker carries from one top-level statement to the next, saved
// every few statements so that a check of an edited file can resume from the
// last checkpoint before the edit, and stop once its state after a statement
// equals the one saved there (the rest of the file then checks as before).
import type { SegmentStmt } from '../syntax/ast';
import { resolve, type Num } from '../tcp/seqnum';
import type { Tcb } from '../tcp/tcb';
import { SegmentQueue } from '../tcp/segmentQueue';

export interface Checkpoint {
  /** The index of the top-level statement the checkpoint stands before. */
  stmt: number;
  /** Copies of both TCBs (never mutated once saved). */
  readonly tcbs: readonly Tcb[];
  /** The last segment with a timestamp (its value is read from it). */
  readonly lastTime: SegmentStmt | undefined;
  /** Lengths, at that point, of the steps, findings, inferences, pins, symbol changes and line references. */
  steps: number;
  findings: number;
  inferences: number;
  pins: number;
  symbols: number;
  lineRefs: number;
}

/** Statements between checkpoints: a resumed check replays at most this many statements before the edit. */
export const CHECKPOINT_EVERY = 64;

/** A copy of a TCB that later statements cannot change (its one list is copied; numbers, statements and the out-of-order queue are immutable). */
export function copyTcb(t: Tcb): Tcb {
  return { ...t, lost: t.lost.slice() };
}

const isNum = (v: unknown): v is Num =>
  typeof v === 'number' || (typeof v === 'object' && v !== null && 'base' in v && 'off' in v && Object.keys(v).length === 2);

/** Two numbers that stand for the same value now: equal, or the same free symbol plus the same offset. */
export function sameNum(a: Num, b: Num): boolean {
  const x = resolve(a);
  const y = resolve(b);
  if (typeof x === 'number' || typeof y === 'number') return x === y;
  return x.base === y.base && x.off === y.off;
}

/**
 * Structural equality of checker state: numbers by value (`sameNum`),
 * statements and symbols by identity (a later statement refers to them),
 * arrays and plain records (resolved segments, queues) field by field.
 * `glance` compares out-of-order queues by length and first segment only: a
 * check that most different states fail in O(1), before a walk of long queues.
 */
export function sameState(a: unknown, b: unknown, queues: 'walk' | 'glance' = 'walk'): boolean {
  if (a === b) return true;
  if (a instanceof SegmentQueue) {
    if (!(b instanceof SegmentQueue)) return false;
    const same = (x: unknown, y: unknown) => sameState(x, y);
    return queues === 'glance' ? a.mayEqual(b, same) : a.sameAs(b, same);
  }
  if (isNum(a) && isNum(b)) return sameNum(a, b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameState(x, b[i], queues));
  // Syntax nodes (they have a kind) and symbol bases are the same only when identical.
  if ('kind' in a || 'anonymous' in a) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameState((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], queues));
}
