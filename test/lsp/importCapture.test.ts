// tcpflow/importCapture over the real server: the editor's "Import Capture…"
// asks the server, which reads and converts the capture with work-done
// progress, answers a cancel, and reports an unreadable file.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource, LSPErrorCodes, ResponseError, WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressReport } from 'vscode-languageserver-protocol';
import { writeBulkCapture } from '../../bench/capture-file';
import { convertConnection } from '../../server/src/capture/convert';
import { scanCapture } from '../../server/src/capture/scan';
import { ImportCaptureRequest, type ImportCaptureParams } from '../../server/src/protocol';
import { FIXTURES } from '../capture/make-synthetic';
import { TestClient, uriOf } from './client';

const SINGLE = join(FIXTURES, 'loopback', 'lost-data.pcap');
const TWO = join(FIXTURES, 'synthetic', 'vlan.pcap');

describe('tcpflow/importCapture', () => {
  let client: TestClient;
  let tokens = 0;
  const temp = mkdtempSync(join(tmpdir(), 'tcpflow-lsp-import-'));

  before(async () => {
    client = TestClient.start();
    await client.initialize();
  });

  after(async () => {
    rmSync(temp, { recursive: true, force: true });
    assert.deepEqual(client.errors, [], 'the server logged no error');
    assert.equal(await client.stop(), 0);
  });

  /** The request with a work-done token, and the progress the server reported on it. */
  const importWithProgress = async (params: Omit<ImportCaptureParams, 'workDoneToken'>, cancel?: CancellationTokenSource) => {
    const workDoneToken = `import-${tokens++}`;
    const progress: string[] = [];
    const listener = client.connection.onProgress(WorkDoneProgress.type, workDoneToken, (p) => {
      if (p.kind === 'begin') progress.push(`begin ${(p as WorkDoneProgressBegin).cancellable ? 'cancellable' : ''}`);
      else if (p.kind === 'report') progress.push(`report ${(p as WorkDoneProgressReport).percentage}`);
      else progress.push('end');
      if (cancel && p.kind === 'report') cancel.cancel();
    });
    try {
      return { result: await client.connection.sendRequest(ImportCaptureRequest, { ...params, workDoneToken }, cancel?.token), progress };
    } catch (error) {
      return { error, progress };
    } finally {
      listener.dispose();
    }
  };

  const flowOf = (file: string, stream: number) =>
    convertConnection(scanCapture(readFileSync(file), (i) => i === stream).selected!, { source: basename(file) });

  it('converts a capture holding one connection, reporting its progress', async () => {
    const { result, progress } = await importWithProgress({ uri: uriOf(SINGLE) });
    assert.equal(result?.flow, flowOf(SINGLE, 0));
    assert.deepEqual(result?.connections.map((c) => [c.index, c.handshake]), [[0, true]]);
    assert.equal(progress[0], 'begin cancellable');
    assert.equal(progress.at(-1), 'end');
    const percentages = progress.filter((p) => p.startsWith('report')).map((p) => Number(p.split(' ')[1]));
    assert.ok(percentages.length > 0 && percentages.every((p, i) => p >= (percentages[i - 1] ?? 0) && p <= 100), progress.join(', '));
  });

  it('lists the connections of a capture holding several, then converts the chosen one', async () => {
    const { result } = await importWithProgress({ uri: uriOf(TWO) });
    assert.equal(result?.flow, undefined);
    assert.deepEqual(result?.connections.map((c) => c.index), [0, 1]);
    assert.match(result!.connections[1].client, /^[\d.]+:\d+$/);
    const chosen = await importWithProgress({ uri: uriOf(TWO), stream: 1 });
    assert.equal(chosen.result?.flow, flowOf(TWO, 1));
    const missing = await importWithProgress({ uri: uriOf(TWO), stream: 7 });
    assert.ok(missing.error instanceof ResponseError);
    assert.equal(missing.error.message, 'there is no stream 7; the capture holds streams 0 to 1');
  });

  it('answers a capture that cannot be read with the reason', async () => {
    const { error, progress } = await importWithProgress({ uri: uriOf(join(FIXTURES, 'invalid', 'truncated-record.pcap')) });
    assert.ok(error instanceof ResponseError);
    assert.equal(error.code, LSPErrorCodes.RequestFailed);
    assert.match(error.message, /^truncated-record\.pcap: .*packet record at byte \d+/);
    assert.equal(progress.at(-1), 'end', 'the progress ends on failure too');
    const notFile = await importWithProgress({ uri: 'untitled:capture.pcap' });
    assert.match((notFile.error as Error).message, /not a file URI/);
  });

  it('stops reading when cancelled, and goes on serving', async () => {
    const big = join(temp, 'big.pcap');
    writeBulkCapture(big, 40e6);
    const { result, error, progress } = await importWithProgress({ uri: uriOf(big) }, new CancellationTokenSource());
    assert.equal(result, undefined);
    assert.ok(error instanceof ResponseError, String(error));
    assert.equal(error.code, LSPErrorCodes.RequestCancelled);
    assert.equal(progress.at(-1), 'end');
    const reports = progress.filter((p) => p.startsWith('report'));
    assert.ok(!reports.includes('report 100'), `it stopped before the end of the file: ${reports.at(-1)}`);
    const again = await importWithProgress({ uri: uriOf(SINGLE) });
    assert.equal(again.result?.flow, flowOf(SINGLE, 0));
  });
});
