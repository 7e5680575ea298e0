// What the reader can see in the preview and in an exported image, in real
// Chromium with the built bundle: the zoom toolbar never covers the drawing,
// every text reaches WCAG AA contrast (4.5:1) in light, dark and high-contrast
// themes with the cursor's highlight on an arrow or on an error, an error note
// stays an error without the cursor, and the title is centred over the lifelines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Headless } from '../../server/src/cli/headless';
import { diagramOf, launch, previewPage, send, show, SKIP_NO_BROWSER } from './browser';
import { checkContrast, type ContrastReport } from './contrast';
import { applyTheme, THEMES, type TestTheme } from './themes';

const FLOW = `title "Three-way handshake"
Client -> Server : SYN seq=100
Server -> Client : SYN+ACK seq=300 ack=101
Client -> Server : ACK seq=999 ack=301
Client -> Server : PSH+ACK seq=101 ack=301 len=10 "GET /"
note Client, Server "The request"
`;
const SEGMENT_LINE = 1;
const ERROR_LINE = 3;

type Box = { left: number; top: number; right: number; bottom: number };
const intersects = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

const failuresOf = (r: ContrastReport) => r.failures.map((f) => `  ${f.ratio}:1 "${f.text}" (${f.element}) ${f.color} on ${f.background}`).join('\n');

/** The client boxes of the toolbar, the title and the participant boxes of the first chunk. */
const layoutBoxes = (page: Page) => page.evaluate(() => {
  const svg = document.querySelector('#stack svg')!;
  const title = [...svg.querySelectorAll('text')].find((t) => t.textContent === 'Three-way handshake')!;
  const [toolbar, heading, ...actors] = [document.getElementById('toolbar')!, title, ...svg.querySelectorAll('rect.actor-top')].map((e) => {
    const r = e.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  });
  return { toolbar, title: heading, actors };
});

/** An exported SVG in the page, with no other style: the title's centre and the participants' centres, in SVG units. */
const exportedGeometry = (page: Page, svg: string) => page.evaluate((markup) => {
  const holder = document.createElement('div');
  holder.innerHTML = markup.replace(/^<\?xml[^>]*>/, '');
  document.body.replaceChildren(holder);
  const root = holder.querySelector('svg')!;
  const title = [...root.querySelectorAll('text')].find((t) => t.textContent === 'Three-way handshake')!.getBBox();
  const actors = [...root.querySelectorAll('rect.actor-top')].map((r) => (r as SVGRectElement).getBBox()).map((b) => b.x + b.width / 2);
  return { title: title.x + title.width / 2, actors };
}, svg);

describe('readability of the preview and the exported images', { skip: SKIP_NO_BROWSER }, () => {
  let h: Headless;
  before(async () => {
    h = await launch();
  });
  after(() => h?.close());

  it('never covers the title or the participants with the zoom toolbar, at 100% and zoomed in', async () => {
    const page = await previewPage(h);
    await page.setViewportSize({ width: 480, height: 700 });
    await show(page, diagramOf(FLOW, 12));
    await page.locator('#zoom-level').click();
    for (const zoom of ['100%', '110%', '125%', '150%']) {
      if (zoom !== '100%') await page.getByTitle('Zoom in (Ctrl+wheel)').click();
      assert.equal(await page.locator('#zoom-level').innerText(), zoom);
      await page.evaluate(() => document.getElementById('scroller')!.scrollTo(0, 0));
      const { toolbar, title, actors } = await layoutBoxes(page);
      assert.ok(!intersects(toolbar, title), `at ${zoom} the toolbar ${JSON.stringify(toolbar)} covers the title ${JSON.stringify(title)}`);
      for (const a of actors) assert.ok(!intersects(toolbar, a), `at ${zoom} the toolbar covers a participant`);
    }
    await page.close();
  });

  for (const theme of Object.keys(THEMES) as TestTheme[]) {
    it(`gives every text 4.5:1 contrast in the ${theme} theme, with the cursor on an arrow, on an error, and with the banner`, async () => {
      const page = await previewPage(h);
      await applyTheme(page, theme);
      const result = diagramOf(FLOW, 12);
      await show(page, result);
      const lowest: number[] = [];
      let checked = 0;
      for (const line of [SEGMENT_LINE, ERROR_LINE]) {
        await send(page, { type: 'highlight', line });
        await page.waitForFunction((n) => document.querySelectorAll('.tf-hit.tf-active').length === n, result.elements.filter((e) => e.line === line).length);
        const report = await checkContrast(page);
        assert.ok(report.checked > 15, `${report.checked} texts checked`);
        assert.deepEqual(report.failures, [], `${theme}, cursor on line ${line + 1}:\n${failuresOf(report)}`);
        lowest.push(report.lowest);
        checked = report.checked;
      }
      await show(page, diagramOf(`${FLOW}Client -> Server : SYNN\n`, 12, 2));
      await page.waitForSelector('#banner:not([hidden])');
      const withBanner = await checkContrast(page);
      assert.ok(withBanner.checked > checked, 'the banner\'s texts are checked too');
      assert.deepEqual(withBanner.failures, [], `${theme}, syntax-error banner:\n${failuresOf(withBanner)}`);
      lowest.push(withBanner.lowest);
      process.stdout.write(`# lowest contrast, ${theme}: ${Math.min(...lowest)}:1\n`);
      await page.close();
    });
  }

  it('marks an error note as an error without the cursor: red border, an icon and its code', async () => {
    const page = await previewPage(h);
    const result = diagramOf(FLOW, 12);
    await show(page, result);
    await send(page, { type: 'highlight', line: 0 });
    const notes = await page.evaluate(() => [...document.querySelectorAll('#stack g')].filter((g) => g.querySelector(':scope > rect.note')).map((g) => {
      const style = getComputedStyle(g.querySelector('rect.note')!);
      return { text: [...g.querySelectorAll('text')].map((t) => t.textContent).join(' '), stroke: style.stroke, fill: style.fill };
    }));
    const error = notes.find((n) => /TF402/.test(n.text))!;
    const plain = notes.filter((n) => n !== error);
    assert.match(error.text, /^✖ TF402: /);
    const [r, g, b] = error.stroke.match(/\d+/g)!.map(Number);
    assert.ok(r > 150 && r > 2 * g && r > 2 * b, `a red border: ${error.stroke}`);
    for (const n of plain) {
      assert.notEqual(n.stroke, error.stroke, `"${n.text}" is not bordered as an error`);
      assert.notEqual(n.fill, error.fill, `"${n.text}" is not filled as an error`);
      assert.doesNotMatch(n.text, /✖/);
    }
    await page.close();
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`keeps the error note's look and readable texts in an exported ${theme} SVG, and centres the title over the lifelines`, async () => {
      const page = await h.page();
      const svg = await page.evaluate(({ m, theme }) => window.tcpflow!.exportImage(m, 'svg', theme), { m: diagramOf(FLOW, 0).mermaid, theme });
      const { title, actors } = await exportedGeometry(page, svg);
      const middle = (Math.min(...actors) + Math.max(...actors)) / 2;
      assert.ok(Math.abs(title - middle) <= 1, `title centred at ${title}, lifelines' middle at ${middle}`);
      const report = await checkContrast(page);
      assert.deepEqual(report.failures, [], `exported ${theme} SVG:\n${failuresOf(report)}`);
      const stroke = await page.evaluate(() => {
        const note = [...document.querySelectorAll('svg g')].find((g) => /TF402/.test(g.textContent ?? '') && g.querySelector(':scope > rect.note'))!;
        return getComputedStyle(note.querySelector('rect.note')!).stroke;
      });
      const [r, g, b] = stroke.match(/\d+/g)!.map(Number);
      assert.ok(r > 150 && r > 2 * g && r > 2 * b, `a red border in the file: ${stroke}`);
      await page.close();
    });
  }

  it('centres the title over the lifelines in the preview', async () => {
    const page = await previewPage(h);
    await show(page, diagramOf(FLOW, 12));
    const { title, actors } = await layoutBoxes(page);
    const middle = (Math.min(...actors.map((a) => a.left + a.right)) + Math.max(...actors.map((a) => a.left + a.right))) / 4;
    assert.ok(Math.abs((title.left + title.right) / 2 - middle) <= 1, `title at ${(title.left + title.right) / 2}, lifelines' middle at ${middle}`);
    await page.close();
  });
});
