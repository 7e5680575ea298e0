// "tcpflow: Import Capture…": a pcap/pcapng file's TCP connection as a new
// .tcpflow document beside its preview. The language server reads and
// converts the capture (tcpflow/importCapture); this side only asks, shows
// its progress with a Cancel button, and opens the result.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { ImportCaptureRequest, type ConnectionListing, type ImportCaptureResult } from '../../server/src/protocol';

export interface ImportServices {
  readonly client: LanguageClient;
  readonly clientReady: Promise<void>;
}

interface ConnectionItem extends vscode.QuickPickItem {
  readonly index: number;
}

function item(c: ConnectionListing): ConnectionItem {
  return {
    index: c.index,
    label: `${c.client} → ${c.server}`,
    description: `stream ${c.index}`,
    detail: `${c.packets} packets, ${c.payloadBytes} bytes, ${c.duration}${c.handshake ? ', handshake seen' : ', no handshake (starts mid-connection)'}`,
  };
}

/** The server's answer for a capture, or undefined when the user cancelled. */
async function request(services: ImportServices, file: vscode.Uri, stream?: number): Promise<ImportCaptureResult | undefined> {
  await services.clientReady;
  const title = `Importing ${basename(file.fsPath)}`;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const workDoneToken = randomUUID();
    let done = 0;
    const listener = services.client.onProgress(WorkDoneProgress.type, workDoneToken, (p) => {
      if (p.kind === 'end') return;
      const percentage = p.percentage ?? done;
      progress.report({ increment: percentage - done, message: p.message });
      done = percentage;
    });
    try {
      return await services.client.sendRequest(ImportCaptureRequest, { uri: file.toString(), stream, workDoneToken }, token);
    } catch (e) {
      if (token.isCancellationRequested) return undefined;
      throw e;
    } finally {
      listener.dispose();
    }
  });
}

/** Asks for a capture and a connection; opens the flow and its preview. */
export async function importCapture(services: ImportServices, openPreview: (uri: vscode.Uri) => void): Promise<void> {
  const [picked] = (await vscode.window.showOpenDialog({
    title: 'Import a TCP connection from a capture',
    canSelectMany: false,
    filters: { 'Packet captures': ['pcap', 'pcapng', 'cap'], 'All files': ['*'] },
  })) ?? [];
  if (!picked) return;
  const name = basename(picked.fsPath);
  try {
    let result = await request(services, picked);
    // The server answers an unexpected failure with nothing to choose from, and logs it.
    if (result && result.flow === undefined && result.connections.length < 2) throw new Error('the language server failed (see the tcpflow output)');
    if (result && result.flow === undefined) {
      const chosen = await vscode.window.showQuickPick(result.connections.map(item), {
        title: `${name} holds ${result.connections.length} TCP connections`,
        placeHolder: 'Choose the connection to import',
        matchOnDetail: true,
      });
      if (!chosen) return;
      result = await request(services, picked, chosen.index);
    }
    if (result?.flow === undefined) return;
    const doc = await vscode.workspace.openTextDocument({ language: 'tcpflow', content: result.flow });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
    openPreview(doc.uri);
  } catch (e) {
    void vscode.window.showErrorMessage(`tcpflow: cannot import ${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
