// The language server's diagram and text-export requests honour the label
// notation the extension sends (tcpflow.preview.labels), auto when absent or
// unknown: the built server, driven over stdio.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/language/analysis';
import { toMermaid } from '../../server/src/language/mermaid';
import { DiagramRequest, ExportTextRequest, type DiagramOptions, type LabelNotation } from '../../server/src/protocol';
import { EXAMPLES } from '../helpers';
import { serverWithDocument, uriOf } from './client';

const FILE = join(EXAMPLES, 'article-handshake-teardown.tcpflow');
const TEXT = readFileSync(FILE, 'utf8');

describe('diagram requests with a label notation', () => {
  const uri = uriOf(FILE);
  const server = serverWithDocument(uri, TEXT);

  const diagram = async (options: DiagramOptions) => (await server().connection.sendRequest(DiagramRequest, { uri, options }))!.mermaid;

  it('draws the labels asked for, and the file\'s own notation by default', async () => {
    const a = analyze(TEXT);
    for (const labels of ['auto', 'article', 'explicit'] as const) {
      assert.equal(await diagram({ labels }), toMermaid(a, { labels }).mermaid, labels);
      assert.equal(await server().connection.sendRequest(ExportTextRequest, { uri, format: 'mmd', options: { labels, inferred: true } }), toMermaid(a, { labels, inferred: true }).mermaid);
    }
    assert.match(await diagram({}), /ACK\(FIN \+ 1\)/);
    assert.match(await diagram({ labels: 'explicit' }), /ACK ack=ISN_Client\+2/);
    const md = (await server().connection.sendRequest(ExportTextRequest, { uri, format: 'md', options: { labels: 'explicit' } }))!;
    assert.match(md, /ACK ack=ISN_Client\+2/);
    assert.doesNotMatch(md, /ACK\(FIN \+ 1\)\n/);
  });

  it('takes a notation it does not know for auto', async () => {
    assert.equal(await diagram({ labels: 'resolved' as LabelNotation }), await diagram({ labels: 'auto' }));
  });
});
