// The panel's side of the state view and of stepping: it asks the server for
// the timeline and the state diagram while the webview shows them, redraws the
// state diagram for the step, and moves the editor's cursor to a step the user
// chose in the preview (the preview keeps the focus, so ← / → go on stepping).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { StateDiagramRequest, SteppingRequest } from '../../../server/src/protocol';
import type { PreviewView, ToWebview } from '../../webview/messages';

export interface SteppingServices {
  readonly client: LanguageClient;
  readonly clientReady: Promise<void>;
  readonly output: vscode.LogOutputChannel;
}

export class PanelStepping {
  private view: PreviewView = 'sequence';
  private on = false;
  private step: number | undefined;

  constructor(private readonly services: SteppingServices, private readonly post: (m: ToWebview) => void, private readonly uri: () => vscode.Uri) {}

  setView(view: PreviewView, on: boolean): void {
    const more = (view === 'states' && this.view !== 'states') || (on && !this.on);
    this.view = view;
    this.on = on;
    if (more) void this.refresh();
  }

  onStep(step: number, line: number, byUser: boolean): void {
    this.step = step;
    if (byUser) this.moveCursor(line);
    void this.sendStateDiagram();
  }

  /** The document changed (or the webview was reloaded): send what the webview shows again. */
  async refresh(): Promise<void> {
    if (this.view !== 'states' && !this.on) return;
    const result = await this.ask(() => this.services.client.sendRequest(SteppingRequest, { uri: this.uri().toString() }));
    if (result) this.post({ type: 'stepping', result });
    await this.sendStateDiagram();
  }

  private async sendStateDiagram(): Promise<void> {
    if (this.view !== 'states') return;
    const step = this.on ? this.step : undefined;
    const result = await this.ask(() => this.services.client.sendRequest(StateDiagramRequest, { uri: this.uri().toString(), step }));
    if (result) this.post({ type: 'stateDiagram', step, result });
  }

  private async ask<T>(request: () => Promise<T>): Promise<T | undefined> {
    try {
      await this.services.clientReady;
      return await request();
    } catch (e) {
      this.services.output.error(`preview: stepping through ${this.uri().toString()} failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  private moveCursor(line: number): void {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.uri().toString());
    if (!editor || editor.selection.active.line === line) return;
    const at = new vscode.Position(Math.min(line, editor.document.lineCount - 1), 0);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}
