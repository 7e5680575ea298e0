// Inlay hints: what the checker inferred (seq/ack, implied flags, the states a
// line leads to, initial states), each kind switchable.
import type { Analysis } from '../analysis';
import type { InferenceKind } from '../check/result';
import type { Span } from '../text';

export interface InlayHintOptions {
  /** The states a statement leads to. */
  readonly states?: boolean;
  /** Inferred seq and ack. */
  readonly numbers?: boolean;
  /** Implied flags (the ACK of `FIN`). */
  readonly flags?: boolean;
  /** Initial states that no `endpoint` line gives. */
  readonly initialStates?: boolean;
}

export interface InlayHint {
  readonly offset: number;
  readonly label: string;
  readonly kind: InferenceKind;
  /** Text that writes the hint into the file at `offset`, when it can be written. */
  readonly insert?: string;
  readonly tooltip: string;
  readonly paddingLeft: boolean;
  readonly paddingRight: boolean;
}

const OPTION: Record<InferenceKind, keyof InlayHintOptions> = {
  seq: 'numbers', ack: 'numbers', flag: 'flags', state: 'states', initial: 'initialStates',
};

const TOOLTIP: Record<InferenceKind, string> = {
  seq: 'Inferred sequence number (the sender\'s SND.NXT, or the number a retransmission repeats)',
  ack: 'Inferred acknowledgment number (the sender\'s RCV.NXT)',
  flag: 'Implied flag: every segment after the SYN carries ACK',
  state: 'State after this statement',
  initial: 'Initial state, inferred from the first segments',
};

export function inlayHints(a: Analysis, range: Span, options: InlayHintOptions = {}): InlayHint[] {
  const out: InlayHint[] = [];
  for (const inf of a.result.inferences) {
    if (inf.offset < range.start || inf.offset > range.end || options[OPTION[inf.kind]] === false) continue;
    // Before a name (an initial state) or before the first item (`ACK `), the hint pads on its right.
    const before = (inf.kind === 'initial' && inf.insert === undefined) || (inf.insert?.endsWith(' ') ?? false);
    out.push({
      offset: inf.offset,
      label: inf.kind === 'state' ? `→ ${inf.label}` : inf.label,
      kind: inf.kind,
      insert: inf.insert,
      tooltip: TOOLTIP[inf.kind],
      paddingLeft: inf.kind === 'state' || (inf.insert?.startsWith(' ') ?? false),
      paddingRight: before,
    });
  }
  return out.sort((x, y) => x.offset - y.offset);
}
