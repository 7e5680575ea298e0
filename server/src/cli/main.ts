// The `tcpflow` command: one entry, subcommands that reuse the language core.
import { runCheck } from './commands/check';
import { runExport } from './commands/export';
import { runImport } from './commands/import';
import { runStates } from './commands/states';
import { EXIT_OK, EXIT_USAGE, processIO, type CliIO, type Command } from './io';

declare const TCPFLOW_VERSION: string | undefined;

const HELP = `tcpflow — check TCP segment flows against RFC 9293

Usage: tcpflow <command> [options]

Commands:
  check FILE...      report every segment that breaks the state machine or the numbers
  states FILE        print the timeline: each step with both endpoints' states
  import CAPTURE     turn a pcap/pcapng capture's TCP connection into a flow
  export FILE...     write the sequence diagram as Markdown, Mermaid, SVG or PNG
  lsp --stdio        run the language server (for Neovim, Helix and other editors)

Run 'tcpflow <command> --help' for a command's options.
`;

const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => runCheck,
  states: async () => runStates,
  import: async () => runImport,
  export: async () => runExport,
  lsp: async () => (await import('./commands/lsp')).runLsp,
};

export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    io.stdout(HELP);
    return name ? EXIT_OK : EXIT_USAGE;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`${typeof TCPFLOW_VERSION === 'string' ? TCPFLOW_VERSION : 'dev'}\n`);
    return EXIT_OK;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr(`tcpflow: unknown command '${name}'\n\n${HELP}`);
    return EXIT_USAGE;
  }
  try {
    return await (await load())(rest, io);
  } catch (e) {
    io.stderr(`tcpflow ${name}: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    return EXIT_USAGE;
  }
}
