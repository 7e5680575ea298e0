// The out-of-order queue of a TCB: segments received after a gap, waiting for
// it to fill. An immutable list whose versions share their cells, so every
// step's snapshot and every checkpoint keeps the queue as it was in O(1): a
// capture that missed one segment queues everything after it, and a copy per
// step would be quadratic in time and memory.
import type { ResolvedSegment } from './tcb';

interface Cell {
  readonly seg: ResolvedSegment;
  /** The cell queued before this one. */
  readonly prev: Cell | undefined;
}

export class SegmentQueue {
  static readonly EMPTY = new SegmentQueue(undefined, undefined, 0);

  private constructor(
    private readonly last: Cell | undefined,
    /** The segment queued first: two queues that differ usually differ there (where an edit changed the flow). */
    private readonly first: ResolvedSegment | undefined,
    readonly length: number,
  ) {}

  static of(segs: readonly ResolvedSegment[]): SegmentQueue {
    let q = SegmentQueue.EMPTY;
    for (const s of segs) q = q.push(s);
    return q;
  }

  /** This queue with `seg` at its end (this one is unchanged). */
  push(seg: ResolvedSegment): SegmentQueue {
    return new SegmentQueue({ seg, prev: this.last }, this.first ?? seg, this.length + 1);
  }

  /** The segments in the order they were queued. */
  toArray(): ResolvedSegment[] {
    const out = new Array<ResolvedSegment>(this.length);
    let i = this.length;
    for (let c = this.last; c; c = c.prev) out[--i] = c.seg;
    return out;
  }

  /** The same length and the same first segment: a check in O(1) that most different queues fail. */
  mayEqual(other: SegmentQueue, same: (a: ResolvedSegment, b: ResolvedSegment) => boolean): boolean {
    return this.length === other.length && (this.first === other.first || (!!this.first && !!other.first && same(this.first, other.first)));
  }

  /** The same segments in the same order (without recursion: a queue can be long). */
  sameAs(other: SegmentQueue, same: (a: ResolvedSegment, b: ResolvedSegment) => boolean): boolean {
    if (!this.mayEqual(other, same)) return false;
    for (let a = this.last, b = other.last; a && b; a = a.prev, b = b.prev) {
      if (a === b) return true;
      if (!same(a.seg, b.seg)) return false;
    }
    return true;
  }
}
