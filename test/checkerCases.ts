// Checker cases as tables: each case a small flow and, for its last segment,
// every code it produces (errors, warnings and information), both endpoints'
// final states, what the receiver did and the segment as resolved. A case file
// also pins every case in full (messages, ranges, fixes, hints, the timeline)
// in one golden file.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertGolden, checkReport, replay, ROOT } from './helpers';

export interface Case {
  readonly flow: string;
  /** Every error/warning/info code, sorted (hints are not codes a user sees in a list). */
  readonly codes: readonly string[];
  /** Final states, `A B` in endpoint order (the order of first use). */
  readonly states: string;
  /** What the receiver did with the last segment (`lost` when it was lost). */
  readonly outcome: string;
  /** The last segment as resolved: flags with the implied ones, seq, ack, len. */
  readonly segment: string;
  readonly strict?: boolean;
}

/** After it: A has sent up to 101 and received up to 301; B the other way round. */
export const HANDSHAKE = 'A -> B : SYN seq=100\nB -> A : SYN+ACK seq=300 ack=101\nA -> B : ACK seq=101 ack=301\n';

/** `cases(title, table)` tests each case of a table; `pinAll()` pins every case registered so far in `test/golden/NAME`. */
export function caseFile(golden: string): { cases(title: string, table: Record<string, Case>): void; pinAll(): void } {
  const all: { title: string; name: string; c: Case }[] = [];
  return {
    cases(title, table) {
      for (const [name, c] of Object.entries(table)) all.push({ title, name, c });
      describe(title, () => {
        for (const [name, c] of Object.entries(table)) {
          it(name, () => {
            assert.deepEqual(replay(c.flow, c.strict), { codes: [...c.codes].sort(), states: c.states, outcome: c.outcome, segment: c.segment });
          });
        }
      });
    },
    pinAll() {
      it('every case in full: messages, ranges, related locations, fixes, hints, the timeline (golden)', () => {
        const reports = all.map(({ title, name, c }) => `## ${title}: ${name}${c.strict ? ' (strict)' : ''}\n${c.flow.replace(/^/gm, '> ')}\n${checkReport(c.flow, c.strict)}\n`);
        assertGolden(join(ROOT, 'test', 'golden', golden), reports.join('\n'));
      });
    },
  };
}
