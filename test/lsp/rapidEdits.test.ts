// 10,000 random incremental edits, sent as fast as the pipe takes them: the
// server keeps up, stays alive, and what it publishes last is what a fresh
// check of the final text says.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { HoverRequest, type TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EXAMPLES } from '../helpers';
import { expectedDiagnostics, shape, TestClient } from './client';

const EDITS = 10_000;
const PIECES = ['A', 'Client', 'Server', ' -> ', ' -x ', ' : ', 'SYN', 'ACK', 'FIN', '+', 'seq=', 'ack=', '101', '(', ')', '"x"', '"', '\n', '\n', ' ', '#', 'é', '😀', 'simultaneous {', '}', 'endpoint ', ': ESTABLISHED', 'listen'];

describe('rapid edits', () => {
  let client: TestClient;
  before(async () => {
    client = TestClient.start();
    await client.initialize();
  });
  after(async () => {
    await client.stop();
  });

  it(`survives ${EDITS} random incremental edits and publishes the final text's diagnostics`, async () => {
    const uri = 'file:///tmp/rapid.tcpflow';
    const initial = readFileSync(join(EXAMPLES, 'http-request.tcpflow'), 'utf8');
    // The same document model as the server's: positions in UTF-16 code units.
    let doc = TextDocument.create(uri, 'tcpflow', 1, initial);
    await client.open(uri, initial);
    const rand = fc.sample(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 12 }), fc.constantFrom(...PIECES), fc.integer({ min: 1, max: 3 })), { numRuns: EDITS, seed: 4 });
    const sends: Promise<unknown>[] = [];
    let version = 1;
    for (const [where, deleteLength, insert, count] of rand) {
      const changes: TextDocumentContentChangeEvent[] = [];
      for (let k = 0; k < count; k++) {
        const text = doc.getText();
        const start = Math.floor(where * text.length);
        // Keep the text around its first size: delete more when it has grown, nothing when it has shrunk.
        const remove = text.length > initial.length * 2 ? deleteLength * 4 : text.length < initial.length / 2 ? 0 : deleteLength;
        const end = Math.min(text.length, start + remove);
        const change = { range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: k % 2 ? PIECES[(start + k) % PIECES.length] : insert };
        changes.push(change);
        doc = TextDocument.update(doc, [change], doc.version);
      }
      version++;
      doc = TextDocument.update(doc, [], version);
      sends.push(client.change(uri, changes));
    }
    await Promise.all(sends);
    const final = await client.diagnosticsOfVersion(uri, version);
    assert.ok(doc.getText().length > initial.length / 2, 'the edits kept a flow to check');
    assert.ok(final.length > 0, 'random edits leave findings');
    assert.deepEqual(shape(final), expectedDiagnostics(doc.getText()));
    const alive = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
    assert.ok(alive === null || typeof alive === 'object');
    assert.deepEqual(client.errors, []);
  });
});
