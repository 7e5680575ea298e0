// The extension's view of the `tcpflow.*` settings it acts on itself (the
// language server reads the checking settings on its own).
import * as vscode from 'vscode';
import type { DiagramOptions, LabelNotation } from '../../server/src/protocol';

export function diagramOptions(scope?: vscode.Uri): DiagramOptions {
  const c = vscode.workspace.getConfiguration('tcpflow.preview', scope);
  return {
    inferred: c.get<boolean>('showInferred', false),
    timestamps: c.get<boolean>('showTimestamps', false),
    labels: c.get<LabelNotation>('labels', 'auto'),
  };
}

/**
 * The browser that `tcpflow export` in VS Code's terminals should use (empty:
 * let it search). A program to run is the user's choice only: the value of the
 * user settings, never one from a workspace (its .vscode/settings.json comes
 * with the repository), whatever the setting's scope and the workspace's trust.
 */
export function browserPath(): string {
  const value = vscode.workspace.getConfiguration('tcpflow').inspect<string>('browserPath')?.globalValue;
  return typeof value === 'string' ? value.trim() : '';
}

/** Whether `tcpflow.trace.server` asks for the messages between VS Code and tcpflow: the preview's own notes go to the output then too. */
export function tracing(): boolean {
  return vscode.workspace.getConfiguration('tcpflow.trace').get<string>('server', 'off') !== 'off';
}
