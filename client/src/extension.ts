// The extension: a thin client. The language server (dist/server.js) checks
// the documents; this side adds the status bar, the preview and the export.
import * as vscode from 'vscode';
import { importCapture } from './importCapture';
import { tcpflowFences, type MarkdownItLike } from './markdownFences';
import { createLanguageClient } from './languageClient';
import { exportDiagram } from './preview/export';
import { PreviewManager } from './preview/manager';
import { revealLine } from './preview/reveal';
import { browserPath, diagramOptions } from './settings';
import { statesStatusBar } from './statusBar';

/** `tcpflow export` run in VS Code's terminals uses the browser set in `tcpflow.browserPath` (user settings only). */
function shareBrowserPath(context: vscode.ExtensionContext): void {
  // Not restored at the next start before activation: a value an older version took from a workspace cannot linger.
  context.environmentVariableCollection.persistent = false;
  const path = browserPath();
  if (path) context.environmentVariableCollection.replace('TCPFLOW_BROWSER', path);
  else context.environmentVariableCollection.delete('TCPFLOW_BROWSER');
}

/** What VS Code's Markdown preview asks of an extension contributing a markdown-it plugin. */
export interface Api {
  extendMarkdownIt<T extends MarkdownItLike>(md: T): T;
}

export function activate(context: vscode.ExtensionContext): Api {
  const output = vscode.window.createOutputChannel('tcpflow', { log: true });
  const client = createLanguageClient(context, output);
  const clientReady = client.start();
  clientReady.catch((e) => output.error(`The language server did not start: ${e instanceof Error ? e.message : String(e)}`));

  const previews = new PreviewManager({
    client,
    clientReady,
    output,
    extensionUri: context.extensionUri,
    reveal: (uri, line, from) => void revealLine(uri, line, from),
  });
  const flowUri = (arg: unknown) => {
    if (arg instanceof vscode.Uri) return arg;
    const editor = vscode.window.activeTextEditor;
    return editor?.document.languageId === 'tcpflow' ? editor.document.uri : undefined;
  };
  const openPreview = (toSide: boolean) => (arg: unknown) => {
    const uri = flowUri(arg) ?? previews.active?.uri;
    if (uri) previews.open(uri, toSide);
    else void vscode.window.showWarningMessage('Open a .tcpflow file to preview its diagram.');
  };

  shareBrowserPath(context);
  context.subscriptions.push(
    output,
    // Disposing the client stops the server.
    client,
    previews,
    statesStatusBar(client, clientReady),
    vscode.commands.registerCommand('tcpflow.preview.open', openPreview(false)),
    vscode.commands.registerCommand('tcpflow.preview.openToSide', openPreview(true)),
    vscode.commands.registerCommand('tcpflow.preview.toggleLock', () => previews.toggleLock()),
    vscode.commands.registerCommand('tcpflow.preview.showSource', async () => {
      const preview = previews.active;
      if (preview) await vscode.window.showTextDocument(preview.uri, { viewColumn: vscode.ViewColumn.One });
    }),
    vscode.commands.registerCommand('tcpflow.export', (arg?: unknown) => exportDiagram({ client, clientReady, previews }, arg)),
    vscode.commands.registerCommand('tcpflow.importCapture', () => importCapture({ client, clientReady }, (uri) => previews.open(uri, true))),
    vscode.commands.registerCommand('tcpflow.restartServer', () => client.restart()),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('tcpflow.browserPath') && shareBrowserPath(context)),
  );
  // The Markdown preview draws ```tcpflow blocks with the tcpflow preview's settings.
  return { extendMarkdownIt: <T extends MarkdownItLike>(md: T) => tcpflowFences(md, () => diagramOptions()) };
}
