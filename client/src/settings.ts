// The extension's view of the `tcpflow.*` settings it acts on itself (the
// language server reads the checking settings on its own).
import * as vscode from 'vscode';
import type { DiagramOptions } from '../../server/src/protocol';

export function diagramOptions(scope?: vscode.Uri): DiagramOptions {
  const c = vscode.workspace.getConfiguration('tcpflow.preview', scope);
  return { inferred: c.get<boolean>('showInferred', false), timestamps: c.get<boolean>('showTimestamps', false) };
}

/** The browser that `tcpflow export` in VS Code's terminals should use (empty: let it search). */
export function browserPath(): string {
  return vscode.workspace.getConfiguration('tcpflow').get<string>('browserPath', '').trim();
}
