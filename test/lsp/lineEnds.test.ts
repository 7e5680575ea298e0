// The real server over stdio, on documents whose lines end with a lone CR or
// CRLF: diagnostics land on the lines the editor counts, formatting edits
// apply where the editor applies them, and incremental changes stay in step.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DocumentFormattingRequest } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../server/src/language/analysis';
import { applyLspEdits, expectedDiagnostics, shape, TestClient } from './client';

const LF = '# a comment first\nClient -> Server : SYN seq=1\nServer -> Client : SYN+ACK seq=9 ack=5\nclient ->  Server : ack seq=2 ack=10\n';

describe('line ends over LSP', () => {
  let client: TestClient;
  before(async () => {
    client = TestClient.start();
    await client.initialize();
  });
  after(async () => {
    await client.stop();
  });

  for (const [name, eol] of [['a lone CR', '\r'], ['CRLF', '\r\n']] as const) {
    it(`${name}: diagnostics on the editor's lines, and formatting as for LF`, async () => {
      const uri = `file:///line-ends-${name.replace(/\W/g, '')}.tcpflow`;
      const text = LF.replace(/\n/g, eol);
      await client.open(uri, text);
      // The LF text's diagnostics: the same lines and columns whatever the line ends.
      assert.ok(analyze(LF).findings.length > 0, 'the flow has findings');
      assert.deepEqual(shape(await client.diagnosticsOfVersion(uri, 1)), expectedDiagnostics(LF));
      const edits = (await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }))!;
      assert.equal(applyLspEdits(text, edits).split(eol).join('\n'), applyLspEdits(LF, await formatLf()));
      // An edit at the start of the last line, placed as the editor places it.
      const doc = TextDocument.create(uri, 'tcpflow', 1, text);
      const last = doc.lineCount - 2;
      const version = await client.change(uri, [{ range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, text: '0.5 ' }]);
      const changed = TextDocument.applyEdits(doc, [{ range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, newText: '0.5 ' }]);
      assert.deepEqual(shape(await client.diagnosticsOfVersion(uri, version)), expectedDiagnostics(changed));
      await client.close(uri);
    });
  }

  /** The formatting edits the server gives for the LF text. */
  async function formatLf() {
    const uri = 'file:///line-ends-lf.tcpflow';
    await client.open(uri, LF);
    const edits = (await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }))!;
    await client.close(uri);
    return edits;
  }
});
