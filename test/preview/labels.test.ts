// The core's line breaking of diagram labels (server/src/language/labels.ts):
// nothing is lost, a line is never wider than its room unless one piece alone
// is, and an entity code is never split. In Chromium: Mermaid, drawing the
// broken labels without wrapping, keeps the lifelines at the layout's distance
// in every chunk, whatever the labels say.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Headless } from '../../server/src/cli/headless';
import { breakLabel, LAYOUT, labelWidth } from '../../server/src/language/labels';
import { escapeText } from '../../server/src/language/mermaid';
import { diagramOf, launch, previewPage, show, SKIP_NO_BROWSER } from './browser';

const PIECES = /#\d+;|[\s\S]/gu;
const pieces = (s: string) => s.match(PIECES) ?? [];

/** Label text as the core writes it: escaped user text, with payload-like words. */
const labelText = fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('seq=4294967295', '"GET / HTTP/1.1"', '<script>', 'ÄÖÜ§—', '中文字符', ' ', '   ')), { maxLength: 30 })
  .map((parts) => escapeText(parts.join(' ')));

describe('breakLabel', () => {
  it('keeps every piece in order, splits no entity code, and fits each line unless one piece alone is wider', () => {
    fc.assert(fc.property(labelText, fc.integer({ min: 20, max: 600 }), (text, room) => {
      const lines = breakLabel(text, room, LAYOUT.fontPx);
      assert.deepEqual(lines.flatMap(pieces).filter((p) => p !== ' '), pieces(text).filter((p) => p !== ' '));
      for (const line of lines) {
        assert.ok(!line.includes('<') && line === line.trim(), line);
        assert.ok(labelWidth(line, LAYOUT.fontPx) <= room || pieces(line).length === 1, `${line} fits ${room} px`);
      }
    }));
  });

  it('leaves a label that fits as one line', () => {
    fc.assert(fc.property(labelText, (text) => {
      const words = text.split(' ').filter(Boolean).join(' ');
      assert.deepEqual(breakLabel(text, Math.ceil(labelWidth(words, LAYOUT.fontPx)), LAYOUT.fontPx), [words]);
    }));
  });
});

describe('labels drawn by Mermaid without wrapping', { skip: SKIP_NO_BROWSER }, () => {
  let h: Headless;
  before(async () => {
    h = await launch();
  });
  after(() => h?.close());

  it('leave the lifelines at the layout\'s distance in every chunk', async () => {
    const wide = 'W'.repeat(40);
    const flow = [
      'endpoint Client "a client with a rather long name"',
      'endpoint Server',
      'Client -> Server : SYN seq=4294967295 win=65535 mss=1460 wscale=14 sackOK',
      `Server -> Client : SYN+ACK seq=1 ack=0 "${'<>&"#'.repeat(8)}"`,
      'Client -> Server : ACK seq=0 ack=2',
      `note Client "${wide} ${wide}"`,
      `note Client, Server "${'an explanation of what happens here, '.repeat(6)}"`,
      `Client -> Server : PSH+ACK seq=0 ack=2 "${wide}"`,
      'Server -> Client : PSH+ACK seq=9 ack=1 len=10',
      `Client -> Server : PSH+ACK seq=0 ack=2 "${'中文'.repeat(12)}"`,
      'Client -> Server : ACK',
    ].join('\n') + '\n';
    const result = diagramOf(flow, 2);
    assert.ok(result.chunks.length >= 4);
    const page = await previewPage(h, 8000);
    await show(page, result);
    const spans = await page.evaluate(() => [...document.querySelectorAll('#stack svg')].map((svg) => {
      const xs = [...svg.querySelectorAll('line.actor-line')].map((l) => Number(l.getAttribute('x1')));
      return Math.max(...xs) - Math.min(...xs);
    }));
    assert.equal(spans.length, result.chunks.length);
    for (const span of spans) assert.equal(span, LAYOUT.actorWidth + LAYOUT.actorMargin);
    await page.close();
  });
});
