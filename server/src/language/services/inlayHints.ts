// Inlay hints: what the checker inferred, kept short enough to read beside the
// code. By default (`compact`) a line that changes a state gets one hint with
// both endpoints' states in a fixed column order (`FIN_WAIT_1 │ CLOSE_WAIT`),
// and inferred numbers appear only on a line whose numbers are in question (a
// TF4xx finding or a RST's numbers, TF314); `full` shows every inference.
// Initial states that no `endpoint` line gives are a code lens above the first
// segment (codeLenses.ts), never a hint before the code.
import type { Analysis } from '../analysis';
import type { Inference, InferenceKind } from '../check/result';
import { STATE_NAMES } from '../tcp/states';
import type { Span } from '../text';
import { lastAtOrBefore, stepBefore } from './locate';

export type InlayHintDetail = 'compact' | 'full';

export interface InlayHintOptions {
  /** `compact` (default): one state hint per line, numbers only where they are in question, no implied flags. */
  readonly detail?: InlayHintDetail;
  /** The states a statement leads to. */
  readonly states?: boolean;
  /** Inferred seq and ack. */
  readonly numbers?: boolean;
  /** Implied flags (the ACK of `FIN`). */
  readonly flags?: boolean;
  /** Initial states that an `endpoint` line without a state leaves to inference (after its name). */
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

/** VS Code's default `editor.inlayHints.maximumLength`: a longer hint is cut with an ellipsis. */
export const MAX_HINT_LENGTH = 43;
/** Between the endpoints' columns of a compact state hint. */
export const COLUMN = ' │ ';

const OPTION: Record<InferenceKind, Exclude<keyof InlayHintOptions, 'detail'>> = {
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
  const compact = (options.detail ?? 'compact') === 'compact';
  const out: InlayHint[] = [];
  let lastStateOffset = -1;
  for (const inf of a.result.inferences) {
    if (inf.offset < range.start || inf.offset > range.end || options[OPTION[inf.kind]] === false) continue;
    // An initial state without a declaration to stand after is the code lens's.
    if (inf.kind === 'initial' && inf.insert === undefined) continue;
    if (compact) {
      if (inf.kind === 'flag') continue;
      if ((inf.kind === 'seq' || inf.kind === 'ack') && !numbersInQuestion(a, inf.offset)) continue;
      if (inf.kind === 'state') {
        // The checker gives one inference per endpoint that changed; the line gets one hint for all.
        if (inf.offset !== lastStateOffset) out.push(statesHint(a, inf.offset));
        lastStateOffset = inf.offset;
        continue;
      }
    }
    out.push(hintOf(inf));
  }
  return out.sort((x, y) => x.offset - y.offset);
}

function hintOf(inf: Inference): InlayHint {
  // Before the first item (`ACK `), the hint pads on its right.
  const before = inf.insert?.endsWith(' ') ?? false;
  return {
    offset: inf.offset,
    label: inf.kind === 'state' ? `→ ${inf.label}` : inf.label,
    kind: inf.kind,
    insert: inf.insert,
    tooltip: TOOLTIP[inf.kind],
    paddingLeft: inf.kind === 'state' || (inf.insert?.startsWith(' ') ?? false),
    paddingRight: before,
  };
}

/** Both endpoints' states after the statement that ends at `offset`, in the endpoints' order. */
function statesHint(a: Analysis, offset: number): InlayHint {
  const step = stepBefore(a, offset);
  const rows = a.result.endpoints.map((e, i) => {
    const before = STATE_NAMES[step?.before[i]?.state ?? e.initial];
    const after = STATE_NAMES[step?.after[i]?.state ?? e.initial];
    return { name: e.name, before, after };
  });
  return {
    offset,
    label: rows.map((r) => r.after).join(COLUMN),
    kind: 'state',
    tooltip: rows.map((r) => `${r.name}: ${r.before === r.after ? `${r.after} (unchanged)` : `${r.before} → ${r.after}`}`).join('\n'),
    paddingLeft: true,
    paddingRight: false,
  };
}

/** Whether the line at `offset` has a finding about its numbers: there the inferred ones explain it. */
function numbersInQuestion(a: Analysis, offset: number): boolean {
  const line = a.lines.position(offset).line;
  const start = a.lines.lineStart(line);
  const end = line + 1 < a.lines.lineCount ? a.lines.lineStart(line + 1) : a.text.length;
  const findings = a.findings;
  for (let i = lastAtOrBefore(findings, end - 1, (f) => f.start); i >= 0 && findings[i].start >= start; i--) {
    const code = findings[i].code;
    if (code.startsWith('TF4') || code === 'TF314') return true;
  }
  return false;
}
