// The image export in Chromium (window.tcpflow.exportImage, the path of
// `tcpflow export` and of the extension's export): an SVG and a PNG of the same
// diagram cost one Mermaid render, and a diagram too tall for a readable PNG is
// refused with a message saying what to do, while its SVG is written.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Headless } from '../../server/src/cli/headless';
import { analyze } from '../../server/src/language/analysis';
import { toMermaid } from '../../server/src/language/mermaid';
import { launch, longFlow, SKIP_NO_BROWSER } from './browser';

/** Counts the text measurements Mermaid makes in the page (each is a getBBox call). */
const COUNT_MEASURES = `window.__measures = 0;
  const getBBox = SVGGraphicsElement.prototype.getBBox;
  SVGGraphicsElement.prototype.getBBox = function () { window.__measures++; return getBBox.call(this); };`;

const measures = (page: Page) => page.evaluate(() => (window as unknown as { __measures: number }).__measures);

describe('image export in Chromium', { skip: SKIP_NO_BROWSER }, () => {
  let h: Headless;
  let page: Page;
  before(async () => {
    h = await launch();
    page = await h.page({ init: COUNT_MEASURES });
  });
  after(() => h?.close());

  it('draws an SVG and a PNG of the same diagram with one Mermaid render', async () => {
    const mermaid = toMermaid(analyze(longFlow(20))).mermaid;
    await page.evaluate((m) => window.tcpflow!.exportImage(m, 'svg', 'light'), mermaid);
    const afterSvg = await measures(page);
    assert.ok(afterSvg > 0, 'Mermaid measured the labels');
    const png = await page.evaluate((m) => window.tcpflow!.exportImage(m, 'png', 'light'), mermaid);
    assert.equal(Buffer.from(png, 'base64').toString('latin1', 1, 4), 'PNG');
    assert.equal(await measures(page), afterSvg, 'no second render');
    await page.evaluate((m) => window.tcpflow!.exportImage(m, 'png', 'dark'), mermaid);
    assert.ok((await measures(page)) > afterSvg, 'another theme is another render');
  });

  it('refuses a PNG too tall to be read, naming the ways out, and writes its SVG', async () => {
    const mermaid = toMermaid(analyze(longFlow(2000))).mermaid;
    const svg = await page.evaluate((m) => window.tcpflow!.exportImage(m, 'svg', 'light'), mermaid);
    const height = Number(/<svg[^>]* height="(\d+)"/.exec(svg)?.[1]);
    assert.ok(height > 64_000, `height ${height}`);
    const error = await page.evaluate((m) => window.tcpflow!.exportImage(m, 'png', 'light').then(() => '', (e: Error) => e.message), mermaid);
    assert.match(error, /too large for a readable PNG .* export it as SVG, or a part of the flow$/);
  });
});
