// The status bar item: both endpoints' states after the statement at the
// cursor, asked of the server when the cursor rests or the text changes.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { StatesAtRequest } from '../../server/src/protocol';
import { debounce } from './debounce';

const isFlow = (e: vscode.TextEditor | undefined): e is vscode.TextEditor => e?.document.languageId === 'tcpflow';

export function statesStatusBar(client: LanguageClient, ready: Promise<void>): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('tcpflow.states', vscode.StatusBarAlignment.Left, 100);
  item.name = 'tcpflow: endpoint states';
  let asked = 0;

  const refresh = debounce(120, async () => {
    const editor = vscode.window.activeTextEditor;
    if (!isFlow(editor)) return item.hide();
    const ticket = ++asked;
    const line = editor.selection.active.line;
    let result;
    try {
      await ready;
      result = await client.sendRequest(StatesAtRequest, { uri: editor.document.uri.toString(), line });
    } catch {
      result = null;
    }
    if (ticket !== asked || vscode.window.activeTextEditor !== editor) return;
    if (!result?.endpoints.length) return item.hide();
    item.text = `$(arrow-swap) ${result.endpoints.map((e) => `${e.name}: ${e.state}`).join('  ·  ')}`;
    item.tooltip = `States after line ${line + 1}`;
    item.show();
  });

  refresh();
  return vscode.Disposable.from(
    item,
    refresh,
    vscode.window.onDidChangeActiveTextEditor(() => refresh()),
    vscode.window.onDidChangeTextEditorSelection((e) => isFlow(e.textEditor) && refresh()),
    vscode.workspace.onDidChangeTextDocument((e) => e.document === vscode.window.activeTextEditor?.document && isFlow(vscode.window.activeTextEditor) && refresh()),
  );
}
