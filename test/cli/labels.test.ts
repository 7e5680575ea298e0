// `--labels` of `tcpflow export` and `tcpflow render`, as users run them (the
// built bin): each value draws the labels toMermaid draws with it, and a bad
// value is one line and exit 2, before anything is read or written.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/language/analysis';
import { renderDocument } from '../../server/src/language/markdown/render';
import { toMarkdown, toMermaid } from '../../server/src/language/mermaid';
import { EXAMPLES } from '../helpers';
import { scratch, tcpflow, write } from './run';

const FILE = 'examples/article-handshake-teardown.tcpflow';
const ARTICLE = readFileSync(join(EXAMPLES, 'article-handshake-teardown.tcpflow'), 'utf8');
const dir = scratch('labels');

describe('tcpflow export --labels', () => {
  it('draws mmd and md with the labels asked for, auto by default', () => {
    const a = analyze(ARTICLE);
    for (const labels of ['auto', 'article', 'explicit'] as const) {
      const mmd = tcpflow(['export', FILE, '--format', 'mmd', '-o', '-', '--labels', labels]);
      assert.deepEqual([mmd.code, mmd.stderr], [0, '']);
      assert.equal(mmd.stdout, toMermaid(a, { labels }).mermaid);
      const md = tcpflow(['export', FILE, '--format', 'md', '-o', '-', '--labels', labels, '--inferred']);
      assert.equal(md.code, 0, md.stderr);
      assert.equal(md.stdout, toMarkdown(a, { labels, inferred: true, fileName: 'article-handshake-teardown.tcpflow' }));
    }
    const byDefault = tcpflow(['export', FILE, '--format', 'mmd', '-o', '-']).stdout;
    assert.match(byDefault, /P1->>P0: ACK\(FIN \+ 1\)\n/);
    assert.match(tcpflow(['export', FILE, '--format', 'mmd', '-o', '-', '--labels', 'explicit']).stdout, /P1->>P0: ACK ack=ISN_Client\+2\n/);
  });

  it('refuses a bad value in one line with exit 2, writing nothing', () => {
    const out = join(dir, 'never.mmd');
    const r = tcpflow(['export', FILE, '--format', 'mmd', '-o', out, '--labels', 'Article<b>']);
    assert.deepEqual([r.code, r.stdout, r.stderr], [2, '', "tcpflow export: --labels must be auto, article or explicit, not 'Article<b>'\n"]);
    assert.equal(existsSync(out), false);
    const none = tcpflow(['export', FILE, '--format', 'mmd', '-o', '-', '--labels']);
    assert.deepEqual([none.code, none.stderr], [2, 'tcpflow export: --labels needs a value (see tcpflow export --help)\n']);
    assert.match(tcpflow(['export', '--help']).stdout, /--labels auto\|article\|explicit/);
  });
});

describe('tcpflow render --labels', () => {
  const doc = `# Notes\n\n\`\`\`tcpflow\n${ARTICLE}\`\`\`\n`;

  it('writes the diagram with the labels asked for', () => {
    const file = write(dir, 'notes.md', doc);
    for (const labels of ['article', 'explicit'] as const) {
      const r = tcpflow(['render', file, '-o', '-', '--labels', labels]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, renderDocument(doc, { labels }).text);
    }
    assert.notEqual(renderDocument(doc, { labels: 'article' }).text, renderDocument(doc, { labels: 'explicit' }).text);
  });

  it('refuses a bad value in one line with exit 2', () => {
    const file = write(dir, 'bad.md', doc);
    const r = tcpflow(['render', file, '--labels', 'resolved']);
    assert.deepEqual([r.code, r.stderr], [2, "tcpflow render: --labels must be auto, article or explicit, not 'resolved'\n"]);
    assert.equal(readFileSync(file, 'utf8'), doc);
  });
});
