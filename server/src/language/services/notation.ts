// The way a file writes its segments, so that text tcpflow writes into it
// (completions, inserted steps) looks like the lines around it: the article's
// `SYN(ISN_Server), ACK(ISN_Client + 1)` or the explicit `SYN+ACK seq=300 ack=101`,
// and `Server -> Client: ...` or `Server -> Client : ...`.
import type { Analysis } from '../analysis';
import { flagsText } from '../describe';
import { Flag } from '../syntax/ast';
import { formatNum, type Num } from '../tcp/seqnum';
import type { Span } from '../text';
import { isUnknown } from './explain';

export interface Notation {
  /** Flag calls carry the numbers (`SYN(x)`, `ACK(x)`). */
  readonly article: boolean;
  /** `Server -> Client : SYN` rather than `Server -> Client: SYN`. */
  readonly spaceBeforeColon: boolean;
}

const NOTATIONS = new WeakMap<Analysis, Notation>();

/**
 * The notation of the file: article style when any segment uses a flag call;
 * no blank before the colon when any segment line writes `DST:` (aligned lines
 * pad some names, so only a colon that touches its name tells).
 */
export function notationOf(a: Analysis): Notation {
  let n = NOTATIONS.get(a);
  if (n) return n;
  let article = false;
  let tight = false;
  let segments = false;
  for (const s of a.file.statements) {
    for (const seg of s.kind === 'segment' ? [s] : s.kind === 'simultaneous' ? s.segments : []) {
      segments = true;
      article ||= seg.spec.calls !== 0;
      tight ||= a.text.charCodeAt(seg.dst.end) === 58 /* : */;
    }
  }
  n = { article, spaceBeforeColon: segments ? !tight : !article };
  NOTATIONS.set(a, n);
  return n;
}

/** A segment to write: flags and the numbers to show (absent ones are left to inference). */
export interface SegmentDraft {
  readonly src: string;
  readonly dst: string;
  readonly flags: number;
  readonly seq?: Num;
  /** A new ISN, named or numbered in the file's notation. */
  readonly freshIsn?: string | number;
  readonly ack?: Num;
  /** The ack is the FIN just received + 1: the article writes `ACK(FIN + 1)`. */
  readonly ackOfFin?: boolean;
  /** Carries a payload: the text gets a `"data"` placeholder. */
  readonly payload?: boolean;
}

export interface Rendered {
  readonly text: string;
  /** The payload placeholder inside `text` (without its quotes). */
  readonly placeholder?: Span;
}

const known = (n: Num | undefined): n is Num => n !== undefined && !isUnknown(n);

function explicitSpec(d: SegmentDraft): string {
  const parts = [flagsText(d.flags)];
  if (d.freshIsn !== undefined) parts.push(`seq=${d.freshIsn}`);
  else if (known(d.seq)) parts.push(`seq=${formatNum(d.seq)}`);
  if (d.flags & Flag.ACK && known(d.ack)) parts.push(`ack=${formatNum(d.ack)}`);
  return parts.join(' ');
}

function articleSpec(d: SegmentDraft): string {
  const items: string[] = [];
  const seqFlag = d.flags & Flag.SYN ? 'SYN' : d.flags & Flag.RST ? 'RST' : undefined;
  const seqText = d.freshIsn !== undefined ? String(d.freshIsn) : known(d.seq) ? formatNum(d.seq, true) : undefined;
  // The article writes numbers on SYN and RST; a FIN or data segment takes its seq from the flow.
  if (seqFlag) items.push(seqText !== undefined ? `${seqFlag}(${seqText})` : seqFlag);
  const plain = d.flags & ~(Flag.SYN | Flag.RST | Flag.ACK);
  if (plain) items.push(flagsText(plain));
  // A FIN is written bare, as in the article: its ACK is implied and its numbers inferred.
  const bareFin = d.flags & Flag.FIN && !d.payload;
  if (d.flags & Flag.ACK && !bareFin) {
    const ack = d.ackOfFin ? 'FIN + 1' : known(d.ack) ? formatNum(d.ack, true) : undefined;
    items.push(ack !== undefined ? `ACK(${ack})` : 'ACK');
  }
  return items.join(', ');
}

export function renderSegment(n: Notation, d: SegmentDraft): Rendered {
  const head = `${d.src} -> ${d.dst}${n.spaceBeforeColon ? ' ' : ''}: `;
  const spec = n.article ? articleSpec(d) : explicitSpec(d);
  if (!d.payload) return { text: head + spec };
  const start = head.length + spec.length + 2;
  return { text: `${head}${spec} "data"`, placeholder: { start, end: start + 4 } };
}
