// `tcpflow check`: gcc-style diagnostics (or JSON) for flow files.
import { parseArgs } from 'node:util';
import { CATALOGUE, isCode, type SeverityOrOff } from '../../language/check/catalogue';
import { applySeverity, type Diagnostic, type SeverityOptions } from '../../language/check/diagnostic';
import { checkInPieces } from '../../language/pieces';
import { LineIndex } from '../../language/text';
import { HELP_OPTION, parseCommandArgs } from '../args';
import { InputError } from '../errors';
import { expandPaths, readInput, STDIN, STDIN_NAME } from '../inputs';
import { complain, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, shown, type Command } from '../io';
import { MAX_SIZE_HELP, parseSize } from '../limits';

export const CHECK_HELP = `Usage: tcpflow check [options] FILE|FOLDER|- ...

Checks .tcpflow files against RFC 9293 and prints what it finds, one line each:
  FILE:LINE:COL: error TF301: message

Options:
  --strict              raise the pedantic diagnostics (implied flags, stale ACKs, ...)
  --severity CODE=LEVEL set a code's severity: error, warning, info, hint or off
                        (repeatable; e.g. --severity TF405=off)
  --verbose, -v         also print information (retransmissions, RST answers, queueing)
  --format text|json    output format (default: text)
${MAX_SIZE_HELP}
  -h, --help            show this help

A folder stands for every .tcpflow file under it; - reads standard input.
An input that cannot be read is reported and the others are checked.
Exit status: 0 no errors, 1 errors found, 2 bad usage or an unreadable input.
`;

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

export function severityOptions(strict: boolean, overrides: readonly string[]): SeverityOptions {
  const severity: Partial<Record<keyof typeof CATALOGUE, SeverityOrOff>> = {};
  for (const o of overrides) {
    const m = /^(TF\d{3})=(\w+)$/i.exec(o);
    const code = m?.[1].toUpperCase();
    if (!m || !code || !isCode(code) || !SEVERITIES.has(m[2].toLowerCase())) {
      throw new InputError(`--severity ${o}: expected CODE=LEVEL with a known code (TF101 ... TF411) and a level of error, warning, info, hint or off`);
    }
    severity[code] = m[2].toLowerCase() as SeverityOrOff;
  }
  return { strict, severity };
}

export function position(lines: LineIndex, offset: number): { line: number; column: number } {
  const p = lines.position(offset);
  return { line: p.line + 1, column: p.character + 1 };
}

/** `FILE:LINE:COL: error TF301: message`, and a note line for each related location. */
export function diagnosticText(file: string, d: Diagnostic, lines: LineIndex): string {
  const name = shown(file);
  const p = position(lines, d.start);
  const level = d.severity === 'info' || d.severity === 'hint' ? 'note' : d.severity;
  let out = `${name}:${p.line}:${p.column}: ${level} ${d.code}: ${d.message}\n`;
  for (const r of d.related ?? []) {
    const q = position(lines, r.start);
    out += `${name}:${q.line}:${q.column}: note: ${r.message}\n`;
  }
  return out;
}

function jsonDiagnostic(d: Diagnostic, lines: LineIndex) {
  const range = (s: number, e: number) => ({ start: position(lines, s), end: position(lines, e) });
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    range: range(d.start, d.end),
    related: (d.related ?? []).map((r) => ({ message: r.message, range: range(r.start, r.end) })),
    fixes: (d.fixes ?? []).map((f) => ({ title: f.title, edits: f.edits.map((e) => ({ range: range(e.start, e.end), newText: e.newText })) })),
  };
}

export const runCheck: Command = async (args, io) => {
  const parsed = parseCommandArgs('check', CHECK_HELP, io, () => parseArgs({
    args,
    allowPositionals: true,
    options: {
      strict: { type: 'boolean' },
      severity: { type: 'string', multiple: true },
      verbose: { type: 'boolean', short: 'v' },
      format: { type: 'string' },
      'max-size': { type: 'string' },
      ...HELP_OPTION,
    },
  }));
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    complain(io, 'check', `--format must be text or json, not '${shown(format)}'`);
    return EXIT_USAGE;
  }
  if (!positionals.length) {
    complain(io, 'check', 'no input: give files, folders, or - for standard input');
    return EXIT_USAGE;
  }
  let unreadable = 0;
  const json: unknown[] = [];
  const report = (file: string, message: string) => {
    complain(io, 'check', message);
    unreadable++;
    // JSON names it too: a reader of the output alone must not take it for a clean file.
    json.push({ file, error: message });
  };
  let options: SeverityOptions;
  let limit: number;
  let paths: string[];
  try {
    options = severityOptions(values.strict ?? false, values.severity ?? []);
    limit = parseSize(values['max-size']);
    paths = await expandPaths(positionals, io, report);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    complain(io, 'check', e.message);
    return EXIT_USAGE;
  }

  const printed = (d: Diagnostic) => values.verbose || d.severity === 'error' || d.severity === 'warning';
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  let checked = 0;
  for (const path of paths) {
    let input;
    try {
      input = await readInput(path, io, limit);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      report(path === STDIN ? STDIN_NAME : path, e.message);
      continue;
    }
    checked++;
    // In pieces: a large file is never held as one syntax tree, and its findings are printed as they come.
    // Made for the first diagnostic shown: a clean file needs no line index.
    let index: LineIndex | undefined;
    const lines = () => (index ??= new LineIndex(input.text));
    const diagnostics: unknown[] = [];
    checkInPieces(input.text, (findings) => {
      let out = '';
      for (const d of applySeverity(findings, options)) {
        counts[d.severity]++;
        if (format === 'json') diagnostics.push(jsonDiagnostic(d, lines()));
        else if (printed(d)) out += diagnosticText(input.name, d, lines());
      }
      if (out) io.stdout(out);
    });
    if (format === 'json') json.push({ file: input.name, diagnostics });
  }
  if (format === 'json') io.stdout(JSON.stringify(json, null, 2) + '\n');
  else {
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    const found = [plural(counts.error, 'error'), plural(counts.warning, 'warning')].filter((x) => !x.startsWith('0 '));
    const summary = `${plural(checked, 'file')} checked${found.length ? `: ${found.join(', ')}` : unreadable ? '' : ', all clean'}`;
    complain(io, 'check', unreadable ? `${summary}; ${plural(unreadable, 'input')} could not be read` : summary);
  }
  if (unreadable) return EXIT_USAGE;
  return counts.error ? EXIT_FINDINGS : EXIT_OK;
};
