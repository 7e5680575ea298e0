// `tcpflow states`: the timeline as a table — each step, both endpoints' states,
// the segment's resolved numbers, and what the receiver did.
import { parseArgs } from 'node:util';
import { analyze } from '../../language/analysis';
import { timelineRows } from '../../language/describe';
import { STATE_NAMES } from '../../language/tcp/states';
import { HELP_OPTION, parseCommandArgs } from '../args';
import { InputError, readInput } from '../inputs';
import { EXIT_OK, EXIT_USAGE, type Command } from '../io';

export const STATES_HELP = `Usage: tcpflow states [--format text|json] FILE|-

Prints the timeline of a flow: for each step, the segment or event, both
endpoints' states after it, the resolved flags and seq/ack, and what the
receiver did (accepted, queued, answered with RST, ...).
`;

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

export const runStates: Command = async (args, io) => {
  const parsed = parseCommandArgs('states', STATES_HELP, io, () => parseArgs({ args, allowPositionals: true, options: { format: { type: 'string' }, ...HELP_OPTION } }));
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const format = values.format ?? 'text';
  if ((format !== 'text' && format !== 'json') || positionals.length !== 1) {
    io.stderr(`tcpflow states: give exactly one FILE (or -) and --format text or json\n\n${STATES_HELP}`);
    return EXIT_USAGE;
  }
  let input;
  try {
    input = await readInput(positionals[0], io);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    io.stderr(`tcpflow: ${e.message}\n`);
    return EXIT_USAGE;
  }
  const a = analyze(input.text);
  const names = a.result.endpoints.map((e) => e.name);
  const rows = timelineRows(a);
  if (format === 'json') {
    const endpoints = a.result.endpoints.map((e) => ({ name: e.name, label: e.label, initial: STATE_NAMES[e.initial], initialInferred: e.initialInferred }));
    io.stdout(JSON.stringify({ file: input.name, endpoints, steps: rows }, null, 2) + '\n');
    return EXIT_OK;
  }
  const start = ['0', '', '(initial states)', ...a.result.endpoints.map((e) => STATE_NAMES[e.initial]), '', ''];
  io.stdout(table(
    ['step', 'line', 'statement', ...names, 'segment', 'receiver'],
    [start, ...rows.map((r) => [String(r.step), String(r.line), r.what, ...r.states, r.detail, r.outcome])],
  ));
  return EXIT_OK;
};
