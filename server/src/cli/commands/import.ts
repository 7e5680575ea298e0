// `tcpflow import`: one TCP connection of a pcap/pcapng capture as a .tcpflow file.
import { lstat, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connectionListing, type ConnectionFilter, type ConnectionSummary } from '../../capture/connections';
import { convertConnection } from '../../capture/convert';
import { CaptureError } from '../../capture/errors';
import { scanCaptureFile } from '../../capture/file';
import type { ScanResult } from '../../capture/scan';
import { HELP_OPTION, parseCommandArgs } from '../args';
import { nodeWriteOps, NotAFileError, writeAtomic } from '../../files/atomicWrite';
import { describeFsError, fileId } from '../inputs';
import { complain, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, shown, type CliIO, type Command } from '../io';
import { table } from '../table';

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
    complain(io, 'import', `${e.message} (see tcpflow import --help)`);
    return EXIT_USAGE;
  }
  const { file } = options;
  let scan: ScanResult;
  try {
    scan = await scanCaptureFile(resolve(io.cwd, file), selection(options));
  } catch (e) {
    if (!(e instanceof CaptureError)) throw e;
    complain(io, 'import', `${shown(file)}: ${e.message}`);
    return e.code === 'no-tcp' ? EXIT_FINDINGS : EXIT_USAGE;
  }
  const problem = options.list ? missing(options, scan) : selectionProblem(options, scan);
  if (problem) {
    complain(io, 'import', `${shown(file)}: ${problem}`);
    return EXIT_USAGE;
  }
  if (options.list) {
    const filtered = options.stream !== undefined || options.port !== undefined;
    io.stdout(`${connectionTable(filtered ? chosen(scan) : scan.connections)}\n`);
    return EXIT_OK;
  }
  const text = convertConnection(scan.selected!, { source: basename(file), relative: options.relative });
  if (options.output !== undefined) return writeOutput(file, options.output, text, options.force, io);
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
  return table(rows, { right: [true, false, false, true, true, true, false] }).trimEnd();
}


/** Writes the flow atomically; never replaces an existing file without --force, nor ever the capture it was read from. */
async function writeOutput(capture: string, output: string, text: string, force: boolean, io: CliIO): Promise<number> {
  const target = resolve(io.cwd, output);
  const [existing, source] = await Promise.all([lstat(target).catch(() => undefined), stat(resolve(io.cwd, capture)).catch(() => undefined)]);
  if (existing && source && fileId(existing) === fileId(source)) {
    complain(io, 'import', `${shown(output)}: the capture being imported: not replaced`);
    return EXIT_FINDINGS;
  }
  try {
    await writeAtomic(nodeWriteOps, target, new TextEncoder().encode(text), force);
  } catch (e) {
    const exists = (e as NodeJS.ErrnoException).code === 'EEXIST';
    const refused = e instanceof NotAFileError;
    complain(io, 'import', `${shown(output)}: ${exists ? 'exists; not replaced (use --force to replace it)' : refused ? e.message : describeFsError(e)}`);
    return exists ? EXIT_USAGE : EXIT_FINDINGS;
  }
  return EXIT_OK;
}
