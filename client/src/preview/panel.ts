// One preview panel: the webview that shows one document's diagram. It asks
// the server for the diagram when the text or the settings change (debounced),
// passes the editor's cursor line, and runs export jobs in the webview.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PREVIEW_CHUNK_SIZE, type ExportTheme, type FromWebview, type ImageFormat, type ToWebview } from '../../webview/messages';
import { pageHtml } from '../../webview/page';
import { DiagramChunksRequest, DiagramOutlineRequest, type DiagramOptions, type DiagramOutlineResult } from '../../../server/src/protocol';
import { debounce } from '../debounce';
import { diagramOptions, tracing } from '../settings';
import { PanelStepping } from './stepping';

export const PREVIEW_VIEW_TYPE = 'tcpflow.preview';

/** The typing pause after which the preview is redrawn. */
const UPDATE_DELAY_MS = 100;
const EXPORT_TIMEOUT_MS = 120_000;

export interface PanelServices {
  readonly client: LanguageClient;
  readonly clientReady: Promise<void>;
  readonly output: vscode.LogOutputChannel;
  readonly extensionUri: vscode.Uri;
  /** Opens the document at a line (a click on an arrow or a note). */
  reveal(uri: vscode.Uri, line: number, from: vscode.WebviewPanel): void;
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}

const fileName = (uri: vscode.Uri) => uri.path.split('/').pop() ?? uri.toString();

export class PreviewPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;
  private webviewReady = false;
  private readyWaiters: (() => void)[] = [];
  /** The outline shown, and the options it was made with (its chunks are asked for with the same). */
  private result: { outline: DiagramOutlineResult; options: DiagramOptions } | undefined;
  /** The last outline without syntax errors: the webview keeps showing it (and asks for its chunks) while the text does not parse. */
  private lastGood: { outline: DiagramOutlineResult; options: DiagramOptions } | undefined;
  private asked = 0;
  private nextExport = 0;
  private readonly exports = new Map<number, { resolve(data: string): void; reject(e: Error): void }>();
  readonly refresh = debounce(UPDATE_DELAY_MS, () => void this.update());
  private readonly stepping: PanelStepping;

  constructor(readonly panel: vscode.WebviewPanel, private doc: vscode.Uri, private isLocked: boolean, private readonly services: PanelServices) {
    this.stepping = new PanelStepping(services, (m) => this.post(m), () => this.doc);
    const webview = panel.webview;
    webview.options = webviewOptions(services.extensionUri);
    webview.html = pageHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(services.extensionUri, 'dist', 'webview.js')).toString(),
      title: 'tcpflow preview',
    });
    this.disposables.push(
      this.refresh,
      webview.onDidReceiveMessage((m: FromWebview) => this.receive(m)),
      panel.onDidDispose(() => this.dispose()),
      // A hidden webview is unloaded; it says 'ready' again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.webviewReady = false;
      }),
    );
    this.updateTitle();
    void this.update();
  }

  get uri(): vscode.Uri {
    return this.doc;
  }

  get locked(): boolean {
    return this.isLocked;
  }

  /** Shows another document (the panel follows the active editor). */
  setDocument(uri: vscode.Uri): void {
    if (uri.toString() === this.doc.toString()) return;
    this.doc = uri;
    this.result = undefined;
    this.lastGood = undefined;
    this.updateTitle();
    this.post({ type: 'document', uri: uri.toString(), locked: this.isLocked });
    void this.update();
  }

  setLocked(locked: boolean): void {
    this.isLocked = locked;
    this.updateTitle();
    this.post({ type: 'document', uri: this.doc.toString(), locked });
  }

  highlight(line: number): void {
    this.post({ type: 'highlight', line });
  }

  /** Renders Mermaid text as an image in this panel's webview (the preview's own Mermaid). */
  async exportImage(mermaid: string, format: ImageFormat, theme: ExportTheme): Promise<Uint8Array> {
    if (!this.panel.visible) this.panel.reveal(undefined, true);
    await this.ready();
    const id = ++this.nextExport;
    const data = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the preview did not answer in time')), EXPORT_TIMEOUT_MS);
      this.exports.set(id, {
        resolve: (d) => (clearTimeout(timer), resolve(d)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.post({ type: 'export', id, format, theme, mermaid });
    });
    return format === 'png' ? Buffer.from(data, 'base64') : new TextEncoder().encode(data);
  }

  dispose(): void {
    for (const { reject } of this.exports.values()) reject(new Error('the preview was closed'));
    this.exports.clear();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  private ready(): Promise<void> {
    return this.webviewReady ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  private updateTitle(): void {
    this.panel.title = `${this.isLocked ? '[Locked] ' : ''}Preview ${fileName(this.doc)}`;
  }

  private post(message: ToWebview): void {
    if (this.webviewReady) void this.panel.webview.postMessage(message);
  }

  private async update(): Promise<void> {
    const uri = this.doc;
    const ticket = ++this.asked;
    let result: DiagramOutlineResult | null;
    const options = { ...diagramOptions(uri), chunkSize: PREVIEW_CHUNK_SIZE };
    try {
      await this.services.clientReady;
      result = await this.services.client.sendRequest(DiagramOutlineRequest, { uri: uri.toString(), options });
    } catch (e) {
      this.services.output.error(`preview: the diagram of ${uri.toString()} failed: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (ticket !== this.asked) return;
    if (!result) return this.post({ type: 'unavailable', message: `${fileName(uri)} is not open in the language server.` });
    this.result = { outline: result, options };
    if (!result.syntaxErrors.length) this.lastGood = this.result;
    this.post({ type: 'outline', result });
    await this.stepping.refresh();
  }

  /** Chunks the webview shows, of the outline it has: the latest, or the last good one (a later version answers null: its own outline follows). */
  private async sendChunks(version: number, chunks: readonly number[]): Promise<void> {
    const shown = [this.result, this.lastGood].find((r) => r?.outline.version === version);
    if (!shown) return;
    try {
      const result = await this.services.client.sendRequest(DiagramChunksRequest, { uri: this.doc.toString(), options: shown.options, version, chunks });
      if (result) this.post({ type: 'chunks', result });
    } catch (e) {
      this.services.output.error(`preview: chunks of ${this.doc.toString()} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private receive(m: FromWebview): void {
    switch (m.type) {
      case 'ready': {
        this.webviewReady = true;
        for (const resolve of this.readyWaiters.splice(0)) resolve();
        this.post({ type: 'document', uri: this.doc.toString(), locked: this.isLocked });
        if (this.result) this.post({ type: 'outline', result: this.result.outline });
        const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.doc.toString());
        if (editor) this.highlight(editor.selection.active.line);
        void this.stepping.refresh();
        return;
      }
      case 'view':
        return this.stepping.setView(m.view, m.stepping);
      case 'step':
        return this.stepping.onStep(m.step, m.line, m.byUser);
      case 'reveal':
        return this.services.reveal(this.doc, m.line, this.panel);
      case 'chunks':
        return void this.sendChunks(m.version, m.chunks);
      case 'rendered':
        // A version that does not parse is normal while typing, and the preview says so itself: not a warning.
        if (tracing()) this.services.output.info(`preview: version ${m.version} of ${fileName(this.doc)}: ${m.error ?? 'drawn'} (${m.ms} ms, ${m.chunks} chunk${m.chunks === 1 ? '' : 's'})`);
        return;
      case 'exported': {
        const job = this.exports.get(m.id);
        this.exports.delete(m.id);
        if (m.data !== undefined) job?.resolve(m.data);
        else job?.reject(new Error(m.error ?? 'the preview could not draw the diagram'));
        return;
      }
    }
  }
}
