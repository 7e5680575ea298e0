// "tcpflow: Export Diagram…": Markdown and Mermaid text from the server, SVG
// and PNG drawn by the preview's webview, of the whole flow or of the lines
// selected in its editor. The file is written atomically and
// an existing file is replaced only after the user says so (and only a regular
// file, keeping its permissions). No process is started here.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ExportTextRequest, type LineRange, type TextExportFormat } from '../../../server/src/protocol';
import { nodeWriteOps, writeAtomic, type WriteOps } from '../../../server/src/files/atomicWrite';
import type { ExportTheme, ImageFormat } from '../../webview/messages';
import { diagramOptions } from '../settings';
import type { PreviewManager } from './manager';
import { exportPath, exportTitle, selectedLines } from './part';

type Format = TextExportFormat | ImageFormat;

const FORMATS: readonly (vscode.QuickPickItem & { format: Format; filter: string })[] = [
  { label: 'Markdown', description: '.md', detail: 'Title, the diagram in a mermaid block, the timeline table and the problems', format: 'md', filter: 'Markdown' },
  { label: 'Mermaid', description: '.mmd', detail: 'The sequence diagram as Mermaid text', format: 'mmd', filter: 'Mermaid' },
  { label: 'SVG', description: '.svg', detail: 'A vector image', format: 'svg', filter: 'SVG image' },
  { label: 'PNG', description: '.png', detail: 'A bitmap image, at twice the size on screen', format: 'png', filter: 'PNG image' },
];

/** Files of other file systems (virtual, remote): VS Code's API, without permission bits. */
const uriWriteOps: WriteOps<vscode.Uri> = {
  sibling: (target, name) => vscode.Uri.joinPath(target, '..', name),
  basename: (target) => target.path.slice(target.path.lastIndexOf('/') + 1),
  inspect: async (uri) => {
    let type: vscode.FileType;
    try {
      type = (await vscode.workspace.fs.stat(uri)).type;
    } catch (e) {
      if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return { kind: 'none' };
      throw e;
    }
    if (type & vscode.FileType.SymbolicLink) return { kind: 'other', what: 'a symbolic link' };
    if (type === vscode.FileType.File) return { kind: 'file' };
    return { kind: 'other', what: type === vscode.FileType.Directory ? 'a folder' : 'not a regular file' };
  },
  write: async (uri, data) => vscode.workspace.fs.writeFile(uri, data),
  move: async (from, to, overwrite) => vscode.workspace.fs.rename(from, to, { overwrite }),
  remove: async (uri) => vscode.workspace.fs.delete(uri),
};

/** Local files through Node's fs: the replaced file's permissions are kept, stale temporary files swept. */
const write = (target: vscode.Uri, data: Uint8Array, replace: boolean) => (target.scheme === 'file'
  ? writeAtomic(nodeWriteOps, target.fsPath, data, replace)
  : writeAtomic(uriWriteOps, target, data, replace));

const exists = async (uri: vscode.Uri) => {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
};

export interface ExportServices {
  readonly client: LanguageClient;
  readonly clientReady: Promise<void>;
  readonly previews: PreviewManager;
}

/** The document to export: the command's argument, the active .tcpflow editor, or the active preview's document. */
function documentToExport(arg: unknown, previews: PreviewManager): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId === 'tcpflow') return editor.document.uri;
  return previews.active?.uri;
}

/** The lines selected in the flow's active editor: a part to export; none, the whole flow. */
function selectedPart(uri: vscode.Uri): LineRange | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor?.document.uri.toString() === uri.toString() ? selectedLines(editor.selection) : undefined;
}

async function askTheme(title: string): Promise<ExportTheme | undefined> {
  const dark = vscode.window.activeColorTheme.kind === vscode.ColorThemeKind.Dark || vscode.window.activeColorTheme.kind === vscode.ColorThemeKind.HighContrast;
  const items: (vscode.QuickPickItem & { theme: ExportTheme })[] = [
    { label: 'Light', description: 'white background', theme: 'light' },
    { label: 'Dark', description: 'dark background', theme: 'dark' },
  ];
  if (dark) items.reverse();
  return (await vscode.window.showQuickPick(items, { title: `${title}: theme` }))?.theme;
}

async function content(services: ExportServices, uri: vscode.Uri, lines: LineRange | undefined, format: Format, theme: ExportTheme | undefined): Promise<Uint8Array> {
  await services.clientReady;
  const textFormat: TextExportFormat = format === 'md' ? 'md' : 'mmd';
  const text = await services.client.sendRequest(ExportTextRequest, { uri: uri.toString(), format: textFormat, options: { ...diagramOptions(uri), lines } });
  if (text === null) throw new Error('the language server does not have this document open');
  if (format === 'md' || format === 'mmd') return new TextEncoder().encode(text);
  return services.previews.rendererFor(uri).exportImage(text, format, theme!);
}

export async function exportDiagram(services: ExportServices, arg?: unknown): Promise<void> {
  const uri = documentToExport(arg, services.previews);
  if (!uri) return void vscode.window.showWarningMessage('Open a .tcpflow file (or its preview) to export its diagram.');
  const lines = selectedPart(uri);
  const title = exportTitle(lines);
  const picked = await vscode.window.showQuickPick(FORMATS, { title: `${title}: format` });
  if (!picked) return;
  const theme = picked.format === 'svg' || picked.format === 'png' ? await askTheme(title) : undefined;
  if ((picked.format === 'svg' || picked.format === 'png') && !theme) return;
  const defaultUri = uri.with({ path: exportPath(uri.path, picked.format, lines) });
  const target = await vscode.window.showSaveDialog({ defaultUri, filters: { [picked.filter]: [picked.format] }, title, saveLabel: 'Export' });
  if (!target) return;
  const replace = await exists(target);
  if (replace) {
    const name = uriWriteOps.basename(target);
    const answer = await vscode.window.showWarningMessage(`${name} already exists. Replace it?`, { modal: true }, 'Replace');
    if (answer !== 'Replace') return;
  }
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Exporting ${picked.label}…` }, async () => {
      await write(target, await content(services, uri, lines, picked.format, theme), replace);
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // The drawing says a part would fit; in the editor, a part is the selected lines.
    const how = message.endsWith('a part of the flow') ? ' (select its lines, then export again)' : '';
    return void vscode.window.showErrorMessage(`Export failed: ${message}${how}`);
  }
  const open = await vscode.window.showInformationMessage(`Exported ${uriWriteOps.basename(target)}`, 'Open');
  if (open) await vscode.commands.executeCommand('vscode.open', target);
}
