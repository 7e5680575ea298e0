import { seqSpace, type TcpPacket } from './packet';
import { seqAdd, seqLe, seqLt } from './serial';
import { ACK, RST, SYN } from './tcp';

// Orders captured segments for a language that delivers each segment as soon
// as it is written. A capture point sees segments in flight towards each
// other one after the other; when a segment's ack shows its sender had not
// yet received peer segments captured before it, those and this segment go
// into one `simultaneous` block, whose segments are all sent before any is
// delivered. Each side's RCV.NXT is modelled from the capture to tell.
//
// The work per segment is bounded whatever the capture holds: a block only
// spans segments in flight at once, so the search for its start looks back
// over at most LOOK_BACK segments, and only that many models are kept.

/** 0 is the client, 1 the server. */
export type Side = 0 | 1;

export interface Line {
  readonly packet: TcpPacket;
  readonly from: Side;
  /** Sent, never delivered. */
  readonly lost: boolean;
  /** Never captured: its sequence space is known, its ack and window are not. */
  readonly uncaptured?: boolean;
}

export type Item = { readonly line: Line } | { readonly block: readonly Line[] };

/** The most segments a block can span; a crossing wider than that is written in capture order. */
const LOOK_BACK = 1024;

/** The most separate ranges a receiver holds after gaps; beyond, the farthest are forgotten (its acks tell again). */
const MAX_QUEUED = 256;

interface SeqRange {
  readonly seq: number;
  readonly end: number;
}

/** What a side has received: RCV.NXT (unknown until a segment shows it) and the ranges held after a gap, sorted and disjoint. */
interface Receiver {
  readonly nxt: number | undefined;
  readonly queue: readonly SeqRange[];
}

/** Indexed by the receiving side. */
type Model = readonly [Receiver, Receiver];

/** What a segment shows its sender had received: up to its ack, nothing at all (a bare SYN), or no telling. */
const NOTHING = 'nothing';
type Claim = number | typeof NOTHING | undefined;

export function schedule(lines: readonly Line[]): Item[] {
  const items: Item[] = [];
  /** The models before the last items are sent: models[k - first] before items[k]. */
  let models: Model[] = [];
  let first = 0;
  let model: Model = [
    { nxt: undefined, queue: [] },
    { nxt: undefined, queue: [] },
  ];
  for (const line of lines) {
    const cut = crossingStart(items, (k) => models[k - first], first, model, line);
    if (cut === undefined) {
      items.push({ line });
      models.push(model);
      model = deliver(send(model, line), line);
    } else {
      const block = [...items.splice(cut).flatMap(linesOf), line];
      models.length = cut - first + 1;
      items.push({ block });
      model = block.reduce(deliver, block.reduce(send, models[cut - first]));
    }
    // The search never looks back further than LOOK_BACK items: older models are dropped.
    if (models.length > 2 * LOOK_BACK) {
      const drop = models.length - LOOK_BACK;
      models = models.slice(drop);
      first += drop;
    }
  }
  return items;
}

function linesOf(item: Item): readonly Line[] {
  return 'line' in item ? [item.line] : item.block;
}

/**
 * The item where a block holding `line` must start: the last boundary where
 * its sender had received exactly what the line shows, provided that no
 * segment from there on shows more than its own sender had received at that
 * boundary, and that no more than LOOK_BACK segments lie between. Undefined
 * when the line needs no block, or no block fits.
 */
function crossingStart(items: readonly Item[], before: (k: number) => Model, first: number, now: Model, line: Line): number | undefined {
  const claim = claimOf(line);
  const received = now[line.from].nxt;
  if (claim === undefined || received === undefined || (claim !== NOTHING && seqLe(received, claim))) return undefined;
  const others: Claim[] = [undefined, undefined];
  let spanned = 0;
  for (let c = items.length - 1; c >= first; c--) {
    const item = items[c];
    spanned += 'line' in item ? 1 : item.block.length;
    if (spanned > LOOK_BACK) return undefined;
    if ('line' in item) addClaim(others, item.line);
    else for (const l of item.block) addClaim(others, l);
    const m = before(c);
    // Receivers only learn as segments go by: what does not fit here fits nowhere earlier.
    if (!fits(others[0], m[0]) || !fits(others[1], m[1])) return undefined;
    const had = m[line.from].nxt;
    if (had === undefined || had === claim) return c;
    if (claim !== NOTHING && seqLt(had, claim)) return undefined; // it had received part of a segment: no boundary matches
  }
  return undefined;
}

/** Folds a line's claim into the strictest claim of its side. */
function addClaim(claims: Claim[], line: Line): void {
  claims[line.from] = stricter(claims[line.from], claimOf(line));
}

function claimOf(line: Line): Claim {
  const p = line.packet;
  if (line.uncaptured) return undefined;
  if (p.flags & ACK) return p.ack;
  return p.flags & SYN ? NOTHING : undefined;
}

function stricter(a: Claim, b: Claim): Claim {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a === NOTHING || b === NOTHING) return NOTHING;
  return seqLt(a, b) ? b : a;
}

/** Whether a segment showing `claim` could have been sent by a side that had received `r`. */
function fits(claim: Claim, r: Receiver): boolean {
  if (claim === undefined || r.nxt === undefined) return true;
  return claim !== NOTHING && seqLe(claim, r.nxt);
}

function withReceiver(m: Model, side: Side, r: Receiver): Model {
  return side === 0 ? [r, m[1]] : [m[0], r];
}

/**
 * A side shows with its ack what it had received: first seen mid-connection,
 * or after peer segments the capture missed (which fill what it held queued).
 */
function send(m: Model, line: Line): Model {
  const r = m[line.from];
  const claim = claimOf(line);
  if (typeof claim !== 'number' || line.packet.flags & RST) return m;
  if (r.nxt === undefined) return withReceiver(m, line.from, { nxt: claim, queue: r.queue });
  return seqLt(r.nxt, claim) ? withReceiver(m, line.from, advance(claim, r.queue)) : m;
}

function deliver(m: Model, line: Line): Model {
  const p = line.packet;
  const space = seqSpace(p);
  if (line.lost || p.flags & RST || space === 0) return m;
  const to: Side = line.from === 0 ? 1 : 0;
  const r = m[to];
  const end = seqAdd(p.seq, space);
  if (p.flags & SYN) return r.nxt === undefined ? withReceiver(m, to, { nxt: end, queue: r.queue }) : m;
  // A side first seen mid-connection had received everything before this segment.
  const nxt = r.nxt ?? p.seq;
  if (seqLt(nxt, p.seq)) return withReceiver(m, to, { nxt, queue: enqueue(r.queue, { seq: p.seq, end }) });
  return seqLt(nxt, end) ? withReceiver(m, to, advance(end, r.queue)) : m;
}

/** RCV.NXT moved up to `nxt`, and on through the queued ranges it now reaches. */
function advance(nxt: number, queue: readonly SeqRange[]): Receiver {
  let taken = 0;
  while (taken < queue.length && seqLe(queue[taken].seq, nxt)) {
    if (seqLt(nxt, queue[taken].end)) nxt = queue[taken].end;
    taken++;
  }
  return { nxt, queue: taken === 0 ? queue : queue.slice(taken) };
}

/** The queue with a range added, merged with the ranges it touches; the farthest ranges go beyond MAX_QUEUED. */
function enqueue(queue: readonly SeqRange[], add: SeqRange): readonly SeqRange[] {
  // Data mostly arrives in order: search from the end.
  let at = queue.length;
  while (at > 0 && seqLt(add.seq, queue[at - 1].seq)) at--;
  let seq = add.seq;
  let end = add.end;
  let from = at;
  if (from > 0 && seqLe(seq, queue[from - 1].end)) {
    from--;
    seq = queue[from].seq;
    if (seqLt(end, queue[from].end)) end = queue[from].end;
  }
  let to = at;
  while (to < queue.length && seqLe(queue[to].seq, end)) {
    if (seqLt(end, queue[to].end)) end = queue[to].end;
    to++;
  }
  const merged = [...queue.slice(0, from), { seq, end }, ...queue.slice(to)];
  return merged.length > MAX_QUEUED ? merged.slice(0, MAX_QUEUED) : merged;
}
