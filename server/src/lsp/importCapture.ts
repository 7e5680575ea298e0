// tcpflow/importCapture: the editor's "Import Capture…" reads and converts the
// capture here, in the server process, so the extension host never does: work
// done progress while the file is read, and a cancel stops the reading.
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import { connectionListing } from '../capture/connections';
import { convertConnection } from '../capture/convert';
import { CaptureError } from '../capture/errors';
import { scanCaptureFile } from '../capture/file';
import type { ScanResult } from '../capture/scan';
import { ImportCaptureRequest, type ImportCaptureParams, type ImportCaptureResult } from '../protocol';
import { guard, type ServerContext } from './context';

export function registerImportCapture(ctx: ServerContext): void {
  ctx.connection.onRequest(
    ImportCaptureRequest,
    guard(ctx, 'importCapture', { connections: [] }, async (params: ImportCaptureParams, token?: CancellationToken): Promise<ImportCaptureResult> => {
      const path = capturePath(params.uri);
      const progress = ctx.connection.window.attachWorkDoneProgress(params.workDoneToken);
      progress.begin(`Importing ${basename(path)}`, 0, 'reading', true);
      const abort = new AbortController();
      const listener = token?.onCancellationRequested(() => abort.abort());
      try {
        let percent = 0;
        const scan = await read(path, params.stream, abort.signal, (read, size) => {
          // One report per percent, not one per chunk.
          const now = size ? Math.floor((100 * read) / size) : 100;
          if (now > percent) progress.report((percent = now));
        });
        if (token?.isCancellationRequested) throw cancelled();
        const { stream } = params;
        if (stream === undefined && scan.connections.length > 1) return { connections: scan.connections.map(connectionListing) };
        const chosen = scan.selected;
        if (!chosen) throw failed(`there is no stream ${stream}; the capture holds streams 0 to ${scan.connections.length - 1}`);
        progress.report(100, `converting stream ${chosen.summary.index}`);
        const flow = convertConnection(chosen, { source: basename(path) });
        return { connections: [connectionListing(chosen.summary)], flow };
      } finally {
        listener?.dispose();
        progress.done();
      }
    }),
  );
}

function capturePath(uri: string): string {
  try {
    return fileURLToPath(uri);
  } catch {
    throw failed(`${uri}: not a file URI`);
  }
}

async function read(path: string, stream: number | undefined, signal: AbortSignal, progress: (read: number, size: number) => void): Promise<ScanResult> {
  try {
    return await scanCaptureFile(path, stream === undefined ? () => true : (index) => index === stream, { signal, progress });
  } catch (e) {
    if (signal.aborted) throw cancelled();
    if (e instanceof CaptureError) throw failed(`${basename(path)}: ${e.message}`);
    throw e;
  }
}

const failed = (message: string) => new ResponseError(LSPErrorCodes.RequestFailed, message);
const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'the import was cancelled');
