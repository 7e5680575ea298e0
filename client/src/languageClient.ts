// The language client: the server is dist/server.js, a Node process spoken to
// over IPC; it checks .tcpflow documents and answers the custom requests.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'tcpflow' }],
    outputChannel: output,
    // The server also pulls settings; this pushes a change of any tcpflow.* setting at once.
    synchronize: { configurationSection: 'tcpflow' },
  };
  // The id makes the client honour `tcpflow.trace.server`.
  return new LanguageClient('tcpflow', 'tcpflow language server', serverOptions, clientOptions);
}
