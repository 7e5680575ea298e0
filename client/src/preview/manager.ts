// All preview panels: at most one per document, restored after a reload, and
// an unlocked panel follows the active .tcpflow editor (like Markdown's).
import * as vscode from 'vscode';
import type { PreviewState } from '../../webview/messages';
import { PREVIEW_VIEW_TYPE, PreviewPanel, webviewOptions, type PanelServices } from './panel';

const LOCKED_CONTEXT = 'tcpflow.previewLocked';
const isFlow = (doc: vscode.TextDocument) => doc.languageId === 'tcpflow';

export class PreviewManager implements vscode.Disposable, vscode.WebviewPanelSerializer<PreviewState> {
  private readonly panels = new Set<PreviewPanel>();
  /** The preview that had the focus last: the one that follows the editor, locks, exports. */
  private current: PreviewPanel | undefined;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly services: PanelServices) {
    this.disposables = [
      vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, this),
      vscode.window.onDidChangeActiveTextEditor((e) => e && isFlow(e.document) && this.follow(e.document.uri)),
      vscode.workspace.onDidChangeTextDocument((e) => this.forDocument(e.document.uri)?.refresh()),
      vscode.window.onDidChangeTextEditorSelection((e) => this.forDocument(e.textEditor.document.uri)?.highlight(e.selections[0].active.line)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('tcpflow')) for (const p of this.panels) p.refresh();
      }),
    ];
  }

  /** The preview with the focus, if any. */
  get active(): PreviewPanel | undefined {
    return [...this.panels].find((p) => p.panel.active);
  }

  forDocument(uri: vscode.Uri): PreviewPanel | undefined {
    return [...this.panels].find((p) => p.uri.toString() === uri.toString());
  }

  open(uri: vscode.Uri, toSide: boolean): PreviewPanel {
    const existing = this.forDocument(uri);
    if (existing) {
      existing.panel.reveal(undefined, toSide);
      return existing;
    }
    const column = toSide ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, 'Preview', { viewColumn: column, preserveFocus: toSide }, webviewOptions(this.services.extensionUri));
    return this.add(new PreviewPanel(panel, uri, false, this.services));
  }

  toggleLock(target = this.active ?? this.current): void {
    if (!target) return;
    target.setLocked(!target.locked);
    if (!target.locked) {
      const editor = vscode.window.activeTextEditor;
      if (editor && isFlow(editor.document)) this.follow(editor.document.uri);
    }
    this.updateContext();
  }

  /** A panel that can draw an export: the document's own preview, else any, else a new one beside the editor. */
  rendererFor(uri: vscode.Uri): PreviewPanel {
    return this.forDocument(uri) ?? this.current ?? [...this.panels][0] ?? this.open(uri, true);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PreviewState | undefined): Promise<void> {
    if (!state?.uri) return panel.dispose();
    const uri = vscode.Uri.parse(state.uri);
    // Opening the document (without showing it) hands it to the language server.
    await Promise.resolve(vscode.workspace.openTextDocument(uri)).catch(() => undefined);
    this.add(new PreviewPanel(panel, uri, state.locked, this.services));
  }

  dispose(): void {
    for (const p of [...this.panels]) p.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private add(preview: PreviewPanel): PreviewPanel {
    this.panels.add(preview);
    this.current = preview;
    const viewState = preview.panel.onDidChangeViewState(() => {
      if (preview.panel.active) this.current = preview;
      this.updateContext();
    });
    preview.onDidDispose(() => {
      viewState.dispose();
      this.panels.delete(preview);
      if (this.current === preview) this.current = [...this.panels][0];
      this.updateContext();
    });
    this.updateContext();
    return preview;
  }

  /** The unlocked preview shows the active document, unless another preview already shows it. */
  private follow(uri: vscode.Uri): void {
    if (this.forDocument(uri)) return;
    const candidates = [this.current, ...this.panels].filter((p): p is PreviewPanel => !!p && !p.locked);
    candidates[0]?.setDocument(uri);
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', LOCKED_CONTEXT, !!this.active?.locked);
  }
}
