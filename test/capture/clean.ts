// A converted capture must check with no error and no warning: receiver
// outcomes (retransmissions, RST answers, queueing) are information only.
import { analyze } from '../../server/src/language/analysis';
import { LineIndex } from '../../server/src/language/text';

/** The errors and warnings the checker reports on a flow, one line each. */
export function errorsAndWarnings(text: string): string[] {
  const lines = new LineIndex(text);
  return analyze(text)
    .diagnostics()
    .filter((d) => d.severity === 'error' || d.severity === 'warning')
    .map((d) => `line ${lines.position(d.start).line + 1}: ${d.severity} ${d.code} ${d.message}`);
}
