// `tcpflow lsp --stdio`: the language server, in this process, for editors
// that start a command (Neovim, Helix, ...).
import { createConnection, IPCMessageReader, IPCMessageWriter, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../../lsp/server';
import { stdioConnection } from '../../lsp/transport';
import { EXIT_OK, EXIT_USAGE, type Command } from '../io';

export const LSP_HELP = `Usage: tcpflow lsp --stdio | --node-ipc

Runs the tcpflow language server: diagnostics, hover, completion, code
actions, outline, rename, inlay hints, semantic tokens and formatting for
.tcpflow files. --stdio speaks the Language Server Protocol on standard input
and output (what editors such as Neovim and Helix start); --node-ipc on the
IPC channel of a parent node process. The server stops when the client sends
exit or closes the connection.
`;

export const runLsp: Command = async (args, io) => {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(LSP_HELP);
    return EXIT_OK;
  }
  if (args.length !== 1 || (args[0] !== '--stdio' && args[0] !== '--node-ipc')) {
    io.stderr(`tcpflow lsp: give --stdio or --node-ipc\n\n${LSP_HELP}`);
    return EXIT_USAGE;
  }
  startServer(args[0] === '--stdio' ? stdioConnection() : createConnection(ProposedFeatures.all, new IPCMessageReader(process), new IPCMessageWriter(process)));
  // The connection ends the process on `exit`, or when the client goes away.
  return new Promise<number>(() => undefined);
};
