// The `tcpflow` command: one entry, subcommands that reuse the language core.
import { runCheck } from './commands/check';
import { runExport } from './commands/export';
import { runImport } from './commands/import';
import { runRender } from './commands/render';
import { runStates } from './commands/states';
import { closest } from './args';
import { internalError } from './failure';
import { EXIT_OK, EXIT_USAGE, shown, type CliIO, type Command } from './io';
import { processIO } from './process';

declare const TCPFLOW_VERSION: string | undefined;

const HELP = `tcpflow — check TCP segment flows against RFC 9293

Usage: tcpflow <command> [options]

Commands:
  check FILE...      report every segment that breaks the state machine or the numbers
  states FILE        print the timeline: each step with both endpoints' states
  import CAPTURE     turn a pcap/pcapng capture's TCP connection into a flow
  export FILE...     write the sequence diagram as Markdown, Mermaid, SVG or PNG
  render DOC.md...   check the tcpflow blocks of Markdown documents, add their diagrams
  lsp --stdio        run the language server (for Neovim, Helix and other editors)

Run 'tcpflow <command> --help' for a command's options.
Exit status: 0 done, 1 errors found (or a file not written), 2 bad usage or an
input that could not be read. TCPFLOW_DEBUG=1 adds the stack to an internal error.
`;

const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => runCheck,
  states: async () => runStates,
  import: async () => runImport,
  export: async () => runExport,
  render: async () => runRender,
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
    const guess = closest(name, Object.keys(COMMANDS));
    io.stderr(`tcpflow: unknown command ${shown(name)} ${guess ? `(did you mean ${guess}?)` : `(the commands are ${Object.keys(COMMANDS).join(', ')})`}\n`);
    return EXIT_USAGE;
  }
  try {
    return await (await load())(rest, io);
  } catch (e) {
    io.stderr(`tcpflow ${name}: ${internalError(e)}\n`);
    return EXIT_USAGE;
  }
}
