// The language server's text export of a part of a flow (the lines selected in
// the editor): what the core draws for those lines, an error response when they
// hold nothing to draw or are no range; the diagram request honours a part too.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ResponseError } from 'vscode-languageserver-protocol';
import { analyze } from '../../server/src/language/analysis';
import { toMarkdown, toMermaid } from '../../server/src/language/mermaid';
import { DiagramRequest, ExportTextRequest, type LineRange } from '../../server/src/protocol';
import { EXAMPLES } from '../helpers';
import { serverWithDocument, uriOf } from './client';

const FILE = join(EXAMPLES, 'article-handshake-teardown.tcpflow');
const TEXT = readFileSync(FILE, 'utf8');

describe('the text export of a part of a flow', () => {
  const uri = uriOf(FILE);
  const server = serverWithDocument(uri, TEXT);

  const exported = (format: 'md' | 'mmd', lines: LineRange) => server().connection.sendRequest(ExportTextRequest, { uri, format, options: { lines } });

  it('is the part the core draws, in Mermaid and Markdown, and the diagram request draws it too', async () => {
    const a = analyze(TEXT);
    const lines = { from: 7, to: 9 };
    assert.equal(await exported('mmd', lines), toMermaid(a, { lines }).mermaid);
    assert.equal(await exported('md', lines), toMarkdown(a, { lines, fileName: 'article-handshake-teardown.tcpflow' }));
    const diagram = (await server().connection.sendRequest(DiagramRequest, { uri, options: { lines } }))!;
    assert.deepEqual(diagram.elements.filter((e) => e.kind === 'arrow').map((e) => e.line), [6, 7, 8]);
  });

  it('is refused with the reason when the lines hold nothing to draw, or are no range', async () => {
    for (const format of ['md', 'mmd'] as const) {
      await assert.rejects(exported(format, { from: 1, to: 3 }), (e: ResponseError<unknown>) => e.message === 'nothing to draw on lines 1–3: no segment, note or event starts there');
    }
    for (const lines of [{ from: 0, to: 3 }, { from: 5, to: 4 }, { from: 1.5, to: 2 }]) {
      await assert.rejects(exported('mmd', lines), /lines must be 1-based with from ≤ to/);
    }
  });
});
