// Both endpoints' states after the statement on a line, or the last one before
// it (the editor's status bar follows the cursor with it).
import type { Analysis } from '../analysis';
import { STATE_NAMES } from '../tcp/states';
import { stepBefore } from './locate';

export interface EndpointState {
  readonly name: string;
  readonly state: string;
}

export function statesAt(a: Analysis, line: number): EndpointState[] {
  const lines = a.lines;
  const end = line + 1 < lines.lineCount ? lines.lineStart(line + 1) : a.text.length;
  const step = stepBefore(a, end);
  return a.result.endpoints.map((e, i) => ({ name: e.name, state: STATE_NAMES[step?.after[i]?.state ?? e.initial] }));
}
