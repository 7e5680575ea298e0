import { seqSpace, type TcpPacket } from './packet';
import { seqAdd, seqLe, seqLt } from './serial';
import { ACK, RST, SYN } from './tcp';

// Orders captured segments for a language that delivers each segment as soon
// as it is written. A capture point sees segments in flight towards each
// other one after the other; when a segment's ack shows its sender had not
// yet received peer segments captured before it, those and this segment go
// into one `simultaneous` block, whose segments are all sent before any is
// delivered. Each side's RCV.NXT is modelled from the capture to tell.

/** 0 is the client, 1 the server. */
export type Side = 0 | 1;

export interface Line {
  readonly packet: TcpPacket;
  readonly from: Side;
  /** Sent, never delivered. */
  readonly lost: boolean;
}

export type Item = { readonly line: Line } | { readonly block: readonly Line[] };

interface SeqRange {
  readonly seq: number;
  readonly end: number;
}

/** What a side has received: RCV.NXT (unknown until a segment shows it) and segments held after a gap. */
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
  /** before[k]: the model before items[k] is sent. */
  const before: Model[] = [];
  let model: Model = [{ nxt: undefined, queue: [] }, { nxt: undefined, queue: [] }];
  for (const line of lines) {
    const cut = crossingStart(items, before, model, line);
    if (cut === undefined) {
      items.push({ line });
      before.push(model);
      model = deliver(send(model, line), line);
    } else {
      const block = [...items.splice(cut).flatMap(linesOf), line];
      before.length = cut + 1;
      items.push({ block });
      model = block.reduce(deliver, block.reduce(send, before[cut]));
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
 * boundary. Undefined when the line needs no block, or no block fits.
 */
function crossingStart(items: readonly Item[], before: readonly Model[], now: Model, line: Line): number | undefined {
  const claim = claimOf(line.packet);
  const received = now[line.from].nxt;
  if (claim === undefined || received === undefined || (claim !== NOTHING && seqLe(received, claim))) return undefined;
  const others: Claim[] = [undefined, undefined];
  for (let c = items.length - 1; c >= 0; c--) {
    for (const l of linesOf(items[c])) others[l.from] = stricter(others[l.from], claimOf(l.packet));
    const m = before[c];
    // Receivers only learn as segments go by: what does not fit here fits nowhere earlier.
    if (!fits(others[0], m[0]) || !fits(others[1], m[1])) return undefined;
    const had = m[line.from].nxt;
    if (had === undefined || had === claim) return c;
    if (claim !== NOTHING && seqLt(had, claim)) return undefined; // it had received part of a segment: no boundary matches
  }
  return undefined;
}

function claimOf(p: TcpPacket): Claim {
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

/** A side first seen mid-connection shows with its first ack what it had received. */
function send(m: Model, line: Line): Model {
  const r = m[line.from];
  const p = line.packet;
  if (r.nxt !== undefined || !(p.flags & ACK) || p.flags & RST) return m;
  return withReceiver(m, line.from, { nxt: p.ack, queue: r.queue });
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
  return withReceiver(m, to, accept(r.nxt ?? p.seq, r.queue, { seq: p.seq, end }));
}

/** In-order data advances RCV.NXT, and with it whatever was queued behind the gap it fills. */
function accept(nxt: number, queue: readonly SeqRange[], seg: SeqRange): Receiver {
  if (seqLt(nxt, seg.seq)) return { nxt, queue: [...queue, seg] };
  if (seqLt(nxt, seg.end)) nxt = seg.end;
  for (let advanced = true; advanced; ) {
    advanced = false;
    queue = queue.filter((q) => {
      if (seqLt(nxt, q.seq)) return true;
      if (seqLt(nxt, q.end)) {
        nxt = q.end;
        advanced = true;
      }
      return false;
    });
  }
  return { nxt, queue };
}
