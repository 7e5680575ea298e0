// `tcpflow states`: the timeline as a table — each step, both endpoints' states,
// the segment's resolved numbers, and what the receiver did.
import { parseArgs } from 'node:util';
import { analyze } from '../../language/analysis';
import { timelineRows } from '../../language/describe';
import { STATE_NAMES } from '../../language/tcp/states';
import { HELP_OPTION, parseCommandArgs } from '../args';
import { InputError } from '../errors';
import { readInput } from '../inputs';
import { complain, EXIT_OK, EXIT_USAGE, shown, type Command } from '../io';
import { MAX_SIZE_HELP, parseSize } from '../limits';
import { table } from '../table';

export const STATES_HELP = `Usage: tcpflow states [options] FILE|-

Prints the timeline of a flow: for each step, the segment or event, both
endpoints' states after it, the resolved flags and seq/ack, and what the
receiver did (accepted, queued, answered with RST, ...).

Options:
  --format text|json    output format (default: text)
${MAX_SIZE_HELP}
  -h, --help            show this help
`;

export const runStates: Command = async (args, io) => {
  const parsed = parseCommandArgs('states', STATES_HELP, io, () => parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, 'max-size': { type: 'string' }, ...HELP_OPTION },
  }));
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const format = values.format ?? 'text';
  const usage = (message: string) => {
    complain(io, 'states', message);
    return EXIT_USAGE;
  };
  if (format !== 'text' && format !== 'json') return usage(`--format must be text or json, not '${shown(format)}'`);
  if (positionals.length !== 1) return usage(positionals.length ? 'give one FILE (or -): states shows one flow at a time' : 'no input: give a FILE, or - for standard input');
  let input;
  try {
    input = await readInput(positionals[0], io, parseSize(values['max-size']));
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return usage(e.message);
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
    [['step', 'line', 'statement', ...names, 'segment', 'receiver'], start, ...rows.map((r) => [String(r.step), String(r.line), r.what, ...r.states, r.detail, r.outcome])],
    { header: true },
  ));
  return EXIT_OK;
};
