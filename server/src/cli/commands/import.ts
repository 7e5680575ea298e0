// `tcpflow import`: one TCP connection of a pcap/pcapng capture as a .tcpflow file.
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connectionListing, type ConnectionFilter, type ConnectionSummary } from '../../capture/connections';
import { convertConnection } from '../../capture/convert';
import { CaptureError } from '../../capture/errors';
import { scanCaptureFile } from '../../capture/file';
import type { ScanResult } from '../../capture/scan';
import { HELP_OPTION, parseCommandArgs } from '../args';
import { nodeWriteOps, writeAtomic } from '../atomicWrite';
import { describeFsError } from '../inputs';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliIO, type Command } from '../io';

export const IMPORT_HELP = `Usage: tcpflow import [options] FILE.pcap|FILE.pcapng

Converts one TCP connection of a capture (pcap or pcapng; Ethernet, VLAN,
Linux cooked, BSD loopback or raw IP) into a .tcpflow file: one segment per
line with seq, ack, len, win and the SYN options; a segment retransmitted
later is written as lost (-x), segments that crossed in flight are
grouped in a simultaneous block, and sequence space the capture missed is
one segment marked "# not captured" (delivered when the peer acknowledged it).

Options:
  --list             list the TCP connections: stream index, client, server,
                     packets, payload bytes, duration, whether the handshake
                     was captured
  --stream N         convert connection N (see --list)
  --port P           convert the connection with port P at either end
  --relative         seq and ack relative to each side's initial sequence number
  -o, --output FILE  write to FILE instead of standard output (atomically)
  --force            overwrite FILE when it exists
  -h, --help         show this help

Without --stream or --port the capture must hold a single connection.
Exit status: 0 converted (or listed), 1 the capture holds no TCP or the output
could not be written, 2 bad usage, an unreadable capture, no such connection,
several connections to choose from, or an output file that exists.
`;

class UsageError extends Error {}

interface ImportOptions {
  readonly file: string;
  readonly list: boolean;
  readonly stream: number | undefined;
  readonly port: number | undefined;
  readonly relative: boolean;
  readonly output: string | undefined;
  readonly force: boolean;
}

const OPTIONS = {
  list: { type: 'boolean' },
  stream: { type: 'string' },
  port: { type: 'string' },
  relative: { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  force: { type: 'boolean' },
  ...HELP_OPTION,
} as const;

const parse = (args: string[]) => parseArgs({ args, allowPositionals: true, options: OPTIONS });

export const runImport: Command = async (args, io) => {
  const parsed = parseCommandArgs('import', IMPORT_HELP, io, () => parse(args));
  if (typeof parsed === 'number') return parsed;
  let options: ImportOptions;
  try {
    options = importOptions(parsed);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`tcpflow import: ${e.message}\n\n${IMPORT_HELP}`);
    return EXIT_USAGE;
  }
  const { file } = options;
  let scan: ScanResult;
  try {
    scan = await scanCaptureFile(resolve(io.cwd, file), selection(options));
  } catch (e) {
    if (!(e instanceof CaptureError)) throw e;
    io.stderr(`tcpflow import: ${file}: ${e.message}\n`);
    return e.code === 'no-tcp' ? EXIT_FINDINGS : EXIT_USAGE;
  }
  const problem = options.list ? missing(options, scan) : selectionProblem(options, scan);
  if (problem) {
    io.stderr(`tcpflow import: ${file}: ${problem}\n`);
    return EXIT_USAGE;
  }
  if (options.list) {
    const filtered = options.stream !== undefined || options.port !== undefined;
    io.stdout(`${connectionTable(filtered ? chosen(scan) : scan.connections)}\n`);
    return EXIT_OK;
  }
  const text = convertConnection(scan.selected!, { source: basename(file), relative: options.relative });
  if (options.output !== undefined) return writeOutput(options.output, text, options.force, io);
  io.stdout(text);
  return EXIT_OK;
};

function importOptions({ values, positionals }: ReturnType<typeof parse>): ImportOptions {
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'one capture file at a time' : 'no capture file given');
  if (values.stream !== undefined && values.port !== undefined) {
    throw new UsageError('--stream and --port both choose the connection; give one');
  }
  if (values.list && (values.output !== undefined || values.relative || values.force)) {
    throw new UsageError('--list prints the connections; it takes no -o, --relative or --force');
  }
  if (values.force && values.output === undefined) throw new UsageError('--force only applies with -o FILE');
  return {
    file: positionals[0],
    list: values.list ?? false,
    stream: values.stream === undefined ? undefined : integer('--stream', values.stream, 0, Number.MAX_SAFE_INTEGER),
    port: values.port === undefined ? undefined : integer('--port', values.port, 0, 65535),
    relative: values.relative ?? false,
    output: values.output,
    force: values.force ?? false,
  };
}

function integer(option: string, text: string, min: number, max: number): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`${option} ${text}: expected a whole number from ${min} to ${max}`);
  return n;
}

/** Which connection's packets the scan keeps: the chosen one, or the first when none is chosen. */
function selection(options: ImportOptions): ConnectionFilter {
  const { stream, port } = options;
  if (stream !== undefined) return (index) => index === stream;
  if (port !== undefined) return (_, [a, b]) => a.port === port || b.port === port;
  return () => true;
}

function chosen(scan: ScanResult): ConnectionSummary[] {
  return scan.matches.map((i) => scan.connections[i]);
}

/** Why --stream or --port designates no connection, if it does not. */
function missing(options: ImportOptions, scan: ScanResult): string | undefined {
  if (scan.matches.length > 0) return undefined;
  const all = scan.connections;
  if (options.stream !== undefined) {
    const streams = `streams 0 to ${all.length - 1}`;
    return `there is no stream ${options.stream}; the capture holds ${count(all.length)} (${streams}):\n${connectionTable(all)}`;
  }
  if (options.port !== undefined) return `no connection uses port ${options.port}; the capture holds:\n${connectionTable(all)}`;
  return undefined;
}

/** Why the options do not designate exactly one connection, if they do not. */
function selectionProblem(options: ImportOptions, scan: ScanResult): string | undefined {
  const choose = 'choose one with --stream N or --port P:';
  const several = options.port === undefined ? scan.connections : chosen(scan);
  if (options.stream === undefined && several.length > 1) {
    const where = options.port === undefined ? 'the capture holds' : `port ${options.port} is used by`;
    return `${where} ${count(several.length)}; ${choose}\n${connectionTable(several)}`;
  }
  return missing(options, scan);
}

function count(n: number): string {
  return n === 1 ? '1 TCP connection' : `${n} TCP connections`;
}

function connectionTable(connections: readonly ConnectionSummary[]): string {
  const header = ['stream', 'client', 'server', 'packets', 'bytes', 'duration', 'handshake'];
  const rows = [header];
  for (const c of connections) {
    const l = connectionListing(c);
    rows.push([String(l.index), l.client, l.server, String(l.packets), String(l.payloadBytes), l.duration, l.handshake ? 'yes' : 'no']);
  }
  const numeric = [true, false, false, true, true, true, false];
  // A loop, not Math.max(...column): a spread of a long column overflows the stack.
  const widths = header.map(() => 0);
  for (const r of rows) r.forEach((text, col) => (widths[col] = Math.max(widths[col], text.length)));
  const cell = (text: string, col: number) => (numeric[col] ? text.padStart(widths[col]) : text.padEnd(widths[col]));
  return rows.map((r) => r.map(cell).join('  ').trimEnd()).join('\n');
}


/** Writes the flow atomically; never replaces an existing file without --force. */
async function writeOutput(output: string, text: string, force: boolean, io: CliIO): Promise<number> {
  try {
    await writeAtomic(nodeWriteOps, resolve(io.cwd, output), new TextEncoder().encode(text), force);
  } catch (e) {
    const exists = (e as NodeJS.ErrnoException).code === 'EEXIST';
    io.stderr(`tcpflow import: ${output}: ${exists ? 'already exists (use --force to overwrite it)' : describeFsError(e)}\n`);
    return exists ? EXIT_USAGE : EXIT_FINDINGS;
  }
  return EXIT_OK;
}
