// A click in the preview selects the statement's line in an editor: the one
// already showing the document, or a new one beside the preview.
import * as vscode from 'vscode';

export async function revealLine(uri: vscode.Uri, line: number, preview: vscode.WebviewPanel): Promise<void> {
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  const doc = visible?.document ?? (await vscode.workspace.openTextDocument(uri));
  const column = visible?.viewColumn ?? (preview.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One);
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, preserveFocus: false });
  const range = doc.lineAt(Math.min(line, doc.lineCount - 1)).range;
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
