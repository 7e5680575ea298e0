// `tcpflow export --diagram states` as users run it (the built bin): the same
// Mermaid text as the state view, drawn to SVG by the preview's bundle, and
// refused clearly for Markdown or an unknown diagram.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/language/analysis';
import { findBrowser } from '../../server/src/cli/headless';
import { toStateDiagram } from '../../server/src/language/stateDiagram';
import { scratch, tcpflow } from '../cli/run';
import { EXAMPLES } from '../helpers';

const ARTICLE = join(EXAMPLES, 'article-handshake-teardown.tcpflow');

describe('tcpflow export --diagram states', () => {
  it('writes the state view as Mermaid text', () => {
    const r = tcpflow(['export', ARTICLE, '--diagram', 'states', '--format', 'mmd', '-o', '-']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, toStateDiagram(analyze(readFileSync(ARTICLE, 'utf8'))).mermaid);
  });

  it('keeps the sequence diagram as the default', () => {
    const r = tcpflow(['export', ARTICLE, '--format', 'mmd', '-o', '-']);
    assert.match(r.stdout, /^sequenceDiagram/);
  });

  it('refuses md and unknown diagrams in one line (exit 2)', () => {
    const md = tcpflow(['export', ARTICLE, '--diagram', 'states', '--format', 'md', '-o', '-']);
    assert.deepEqual([md.code, md.stderr], [2, 'tcpflow export: --diagram states is written as mmd, svg or png, not md\n']);
    const other = tcpflow(['export', ARTICLE, '--diagram', 'class\x1b[2J', '--format', 'mmd']);
    assert.deepEqual([other.code, other.stderr], [2, "tcpflow export: --diagram must be sequence or states, not 'class\\x1b[2J'\n"]);
  });

  it('draws an SVG with every state and both paths', { skip: !findBrowser(undefined, process.env) && process.env.CI !== 'true' && 'no browser' }, () => {
    const out = join(scratch('states'), 'article.svg');
    const r = tcpflow(['export', ARTICLE, '--diagram', 'states', '--format', 'svg', '-o', out]);
    assert.equal(r.code, 0, r.stderr);
    const svg = readFileSync(out, 'utf8');
    for (const s of ['LISTEN', 'SYN_SENT', 'SYN_RCVD', 'FIN_WAIT_2', 'CLOSING', 'LAST_ACK', 'TIME_WAIT']) assert.ok(svg.includes(s), s);
    // Labels are SVG text, one tspan per word (each with its leading space).
    const text = svg.replace(/<[^>]+>/g, '');
    assert.ok(!svg.includes('foreignObject'));
    assert.ok(text.includes('recv SYN · Server: line 4') && text.includes('wait 2MSL · Client: line 12'), text);
  });
});
