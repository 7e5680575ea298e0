// "tcpflow: Import Capture…": a pcap/pcapng file's TCP connection as a new
// .tcpflow document beside its preview. The capture reader is the CLI's, run
// in the extension host.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { connectionDuration, type ConnectionSummary } from '../../server/src/capture/connections';
import { convertConnection } from '../../server/src/capture/convert';
import { CaptureError } from '../../server/src/capture/errors';
import { scanCaptureFile } from '../../server/src/capture/file';
import { endpointLabel } from '../../server/src/capture/packet';
import type { ScanResult } from '../../server/src/capture/scan';

interface ConnectionItem extends vscode.QuickPickItem {
  readonly index: number;
}

function item(c: ConnectionSummary): ConnectionItem {
  return {
    index: c.index,
    label: `${endpointLabel(c.client)} → ${endpointLabel(c.server)}`,
    description: `stream ${c.index}`,
    detail: `${c.packets} packets, ${c.payloadBytes} bytes, ${connectionDuration(c)}${c.handshake ? ', handshake seen' : ', no handshake (starts mid-connection)'}`,
  };
}

async function scan(file: string, stream?: number): Promise<ScanResult> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Reading ${basename(file)}…` },
    () => scanCaptureFile(file, stream === undefined ? undefined : (index) => index === stream),
  );
}

/** Asks for a capture and a connection; opens the flow and its preview. */
export async function importCapture(openPreview: (uri: vscode.Uri) => void): Promise<void> {
  const [picked] = (await vscode.window.showOpenDialog({
    title: 'Import a TCP connection from a capture',
    canSelectMany: false,
    filters: { 'Packet captures': ['pcap', 'pcapng', 'cap'], 'All files': ['*'] },
  })) ?? [];
  if (!picked) return;
  const file = picked.fsPath;
  try {
    let result = await scan(file);
    if (result.connections.length > 1) {
      const chosen = await vscode.window.showQuickPick(result.connections.map(item), {
        title: `${basename(file)} holds ${result.connections.length} TCP connections`,
        placeHolder: 'Choose the connection to import',
        matchOnDetail: true,
      });
      if (!chosen) return;
      // The first scan kept the packets of the first connection only.
      if (chosen.index !== result.selected?.summary.index) result = await scan(file, chosen.index);
    }
    const text = convertConnection(result.selected!, { source: basename(file) });
    const doc = await vscode.workspace.openTextDocument({ language: 'tcpflow', content: text });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One });
    openPreview(doc.uri);
  } catch (e) {
    const reason = e instanceof CaptureError ? e.message : e instanceof Error ? e.message : String(e);
    void vscode.window.showErrorMessage(`tcpflow: cannot import ${basename(file)}: ${reason}`);
  }
}
