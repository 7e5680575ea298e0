// The outline and chunk requests of a large flow's preview, through a real
// language server: the chunks are those of the whole diagram, and a chunk of
// a version that is no longer current is refused.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyze } from '../../server/src/language/analysis';
import { toMermaid } from '../../server/src/language/mermaid';
import { DiagramChunksRequest, DiagramOutlineRequest, DiagramRequest } from '../../server/src/protocol';
import { EXAMPLES } from '../helpers';
import { TestClient, uriOf } from './client';

const FILE = join(EXAMPLES, 'lost-syn.tcpflow');
/** The example, then a SYN in ESTABLISHED: an error. */
const TEXT = `${readFileSync(FILE, 'utf8')}Server -> Client : SYN seq=1\n`;

describe('diagram outline and chunks', () => {
  let client: TestClient;
  const uri = uriOf(FILE);
  before(async () => {
    client = TestClient.start();
    await client.initialize();
    await client.open(uri, TEXT);
  });
  after(async () => {
    assert.deepEqual(client.errors, [], 'the server logged no error');
    assert.equal(await client.stop(), 0);
  });

  it('answers the chunks of the whole diagram, and null for another version', async () => {
    const options = { chunkSize: 2, labels: 'explicit' as const };
    const whole = (await client.connection.sendRequest(DiagramRequest, { uri, options }))!;
    const outline = (await client.connection.sendRequest(DiagramOutlineRequest, { uri, options }))!;
    assert.equal(outline.version, whole.version);
    assert.equal(outline.chunkLines.length, whole.chunks.length);
    assert.deepEqual(outline.syntaxErrors, whole.syntaxErrors);
    assert.deepEqual(outline.errors.map((e) => e.line), [...new Set(whole.elements.filter((e) => e.error).map((e) => e.line))]);
    assert.ok(outline.errors.length > 0, 'the example has an error');
    const all = whole.chunks.map((_, i) => i);
    const got = (await client.connection.sendRequest(DiagramChunksRequest, { uri, options, version: outline.version, chunks: [...all, all.length, -1] }))!;
    assert.deepEqual(got.chunks.map((c) => c.text), whole.chunks);
    assert.deepEqual(got.chunks.flatMap((c) => c.elements), whole.elements);
    assert.deepEqual(got.chunks.map((c) => c.text), toMermaid(analyze(TEXT), options).chunks);
    assert.equal(await client.connection.sendRequest(DiagramChunksRequest, { uri, options, version: outline.version + 1, chunks: [0] }), null);
  });

  it('while the text has a syntax error, still answers the chunks of the last version without one', async () => {
    const options = { chunkSize: 2, labels: 'explicit' as const };
    const good = (await client.connection.sendRequest(DiagramOutlineRequest, { uri, options }))!;
    assert.deepEqual(good.syntaxErrors, []);
    const broken = await client.change(uri, [{ text: `${TEXT}Client -> \n` }]);
    const now = (await client.connection.sendRequest(DiagramOutlineRequest, { uri, options }))!;
    assert.equal(now.version, broken);
    assert.ok(now.syntaxErrors.length > 0, 'the new version does not parse');
    const all = good.chunkLines.map((_, i) => i);
    const kept = (await client.connection.sendRequest(DiagramChunksRequest, { uri, options, version: good.version, chunks: all }))!;
    assert.ok(kept, 'the last good version is still served');
    assert.equal(kept.version, good.version);
    assert.deepEqual(kept.chunks.map((c) => c.text), toMermaid(analyze(TEXT), options).chunks);
    // Back to a text without syntax errors: an older version is refused again.
    const fixed = await client.change(uri, [{ text: TEXT }]);
    assert.equal((await client.connection.sendRequest(DiagramOutlineRequest, { uri, options }))!.version, fixed);
    assert.equal(await client.connection.sendRequest(DiagramChunksRequest, { uri, options, version: good.version, chunks: [0] }), null);
  });
});
