// `tcpflow states`: the timeline as a table — each step, both endpoints' states,
// the segment's resolved numbers, and what the receiver did.
import { parseArgs } from 'node:util';
import type { Endpoint, Step } from '../../language/check/result';
import { timelineRow, type TimelineRow } from '../../language/describe';
import { timelineInPieces, type PieceSetup } from '../../language/pieces';
import { STATE_NAMES } from '../../language/tcp/states';
import { LineIndex } from '../../language/text';
import { HELP_OPTION, parseCommandArgs } from '../args';
import { InputError } from '../errors';
import { readInput } from '../inputs';
import { complain, EXIT_OK, EXIT_USAGE, shown, type Command } from '../io';
import { MAX_SIZE_HELP, parseSize } from '../limits';
import { ruleLine, tableLine, widen } from '../table';

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
  const text = input.text;
  const lines = new LineIndex(text);
  const rowsOf = (steps: readonly Step[]) => steps.map((s) => timelineRow(text, lines, s));
  // In pieces, the rows printed as they come: a large flow's timeline is never held whole.
  if (format === 'json') {
    let count = 0;
    timelineInPieces(text, (s) => {
      const endpoints = s.endpoints.map((e) => ({ name: e.name, label: e.label, initial: STATE_NAMES[e.initial], initialInferred: e.initialInferred }));
      // The document as JSON.stringify(…, null, 2) writes it, its steps array left open.
      io.stdout(JSON.stringify({ file: input.name, endpoints, steps: [] }, null, 2).slice(0, -'[]\n}'.length) + '[');
    }, ({ steps }) => {
      let out = '';
      for (const row of rowsOf(steps)) out += `${count++ ? ',' : ''}\n${JSON.stringify(row, null, 2).replace(/^/gm, '    ')}`;
      if (out) io.stdout(out);
    });
    io.stdout(count ? '\n  ]\n}\n' : ']\n}\n');
    return EXIT_OK;
  }
  let endpoints: readonly Endpoint[] = [];
  const setup = (s: PieceSetup) => { endpoints = s.endpoints; };
  const cells = (r: TimelineRow) => [String(r.step), String(r.line), r.what, ...r.states, r.detail, r.outcome];
  const headOf = () => ['step', 'line', 'statement', ...endpoints.map((e) => e.name), 'segment', 'receiver'];
  const startOf = () => ['0', '', '(initial states)', ...endpoints.map((e) => STATE_NAMES[e.initial]), '', ''];
  // Two walks: the first finds the columns' widths, the second prints.
  const widths: number[] = [];
  timelineInPieces(text, setup, ({ steps }) => { for (const r of rowsOf(steps)) widen(widths, cells(r)); });
  widen(widths, headOf());
  widen(widths, startOf());
  io.stdout(`${tableLine(headOf(), widths)}\n${ruleLine(widths)}\n${tableLine(startOf(), widths)}\n`);
  timelineInPieces(text, setup, ({ steps }) => {
    let out = '';
    for (const r of rowsOf(steps)) out += `${tableLine(cells(r), widths)}\n`;
    if (out) io.stdout(out);
  });
  return EXIT_OK;
};
