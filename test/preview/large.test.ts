// A flow of any size in the preview (real Chromium, the built bundle), shown
// as the panel shows it: the outline, then the chunks the preview asks for.
// Scrolled from the top to the bottom, the page holds a bounded number of
// drawings; the overview bar marks each error where it is, and a click on a
// mark goes there and reveals its line.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Headless } from '../../server/src/cli/headless';
import { analyze } from '../../server/src/language/analysis';
import { chunkedDiagram } from '../../server/src/language/mermaid';
import { PREVIEW_CHUNK_SIZE } from '../../client/webview/messages';
import { diagramOf, launch, longFlow, outlineHost, posted, previewPage, send, show, SKIP_NO_BROWSER } from './browser';
import { applyTheme, THEMES, type TestTheme } from './themes';
import { exchangeFlow } from '../../bench/generate';

const LARGE = 20_000;
/** Drawings the page may hold at once: the screen and two screens' worth either side. */
const MOUNTED_BOUND = 16;

/** A long flow with a SYN from the server in ESTABLISHED (an error) at each of these data segments. */
function withErrors(n: number, at: readonly number[]): string {
  const lines = longFlow(n).trimEnd().split('\n');
  for (const i of [...at].sort((a, b) => b - a)) lines.splice(4 + i, 0, 'Server -> Client : SYN seq=1');
  return lines.join('\n') + '\n';
}

/** True when the chunks at the top, middle and bottom of the view are drawn. */
const screenDrawn = () => {
  const r = document.getElementById('scroller')!.getBoundingClientRect();
  return [r.top + 2, (r.top + r.bottom) / 2, r.bottom - 2].every((y) => {
    const chunk = document.elementsFromPoint(r.left + 40, y).find((e) => e.classList.contains('chunk'));
    return !chunk || !!chunk.querySelector('svg');
  });
};

const scrollTo = (page: Page, fraction: number) => page.evaluate((f) => {
  const s = document.getElementById('scroller')!;
  s.scrollTop = f * (s.scrollHeight - s.clientHeight);
}, fraction);

/** The bar's pixel colour at a CSS y (the middle of its width), [r, g, b, a]. */
const barPixel = (page: Page, y: number) => page.evaluate((y) => {
  const c = document.getElementById('overview') as HTMLCanvasElement;
  const ratio = c.width / c.clientWidth;
  return [...c.getContext('2d')!.getImageData(Math.floor(c.width / 2), Math.floor(y * ratio), 1, 1).data];
}, y);

/** Where the bar should mark a line's chunk: its top's share of the scrolled height, CSS px along the bar (the editor's cursor on the line brings the chunk into the page). */
async function markY(page: Page, line: number, chunk: number): Promise<number> {
  await send(page, { type: 'highlight', line });
  await page.waitForSelector(`.chunk[data-chunk="${chunk}"] svg`);
  await page.evaluate(() => new Promise(requestAnimationFrame));
  await page.evaluate(() => new Promise(requestAnimationFrame));
  return page.evaluate((c) => {
    const s = document.getElementById('scroller')!;
    const el = document.querySelector<HTMLElement>(`.chunk[data-chunk="${c}"]`)!;
    return (el.offsetTop / s.scrollHeight) * document.getElementById('overview')!.clientHeight;
  }, chunk);
}

/** The marks on the bar: the middle of each run of coloured rows, CSS px. */
const marks = (page: Page) => page.evaluate(() => {
  const c = document.getElementById('overview') as HTMLCanvasElement;
  const ratio = c.height / c.clientHeight;
  const data = c.getContext('2d')!.getImageData(Math.floor(c.width / 2), 0, 1, c.height).data;
  const out: number[] = [];
  for (let y = 0; y < c.height; y++) {
    if (!data[y * 4 + 3]) continue;
    let end = y;
    while (end < c.height && data[end * 4 + 3]) end++;
    out.push((y + end) / 2 / ratio);
    y = end;
  }
  return out;
});

const luminance = ([r, g, b]: number[]) => {
  const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
};
const hex = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const contrast = (a: number[], b: number[]) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};

describe('a flow of any size in the preview', { skip: SKIP_NO_BROWSER }, () => {
  let h: Headless;
  before(async () => {
    h = await launch();
  });
  after(() => h?.close());

  it(`shows the first arrows of ${LARGE} segments first, and holds few drawings from the top to the bottom`, async () => {
    const page = await previewPage(h);
    const host = await outlineHost(page);
    const report = await host.show(longFlow(LARGE), PREVIEW_CHUNK_SIZE, 1);
    assert.equal(report.error, undefined);
    const chunks = Math.ceil((LARGE + 3) / PREVIEW_CHUNK_SIZE);
    assert.equal(report.chunks, chunks);
    const first = await page.evaluate(() => [...document.querySelectorAll('.chunk[data-chunk="0"] .messageText')].slice(0, 3).map((t) => t.textContent));
    assert.deepEqual(first, ['SYN seq=1000', 'SYN+ACK seq=5000 ack=1001', 'ACK seq=1001 ack=5001']);

    let most = 0;
    const steps = 25;
    for (let i = 1; i <= steps; i++) {
      await scrollTo(page, i / steps);
      await page.waitForFunction(screenDrawn, undefined, { timeout: 60_000, polling: 'raf' });
      most = Math.max(most, await page.evaluate(() => document.querySelectorAll('#stack svg').length));
    }
    assert.ok(most <= MOUNTED_BOUND, `at most ${MOUNTED_BOUND} drawings in the page (${most})`);
    assert.ok(most >= 2, 'the screen is drawn');
    await page.waitForFunction((c) => !!document.querySelector(`.chunk[data-chunk="${c - 1}"] svg`), chunks, { timeout: 60_000 });
    const last = await page.evaluate((c) => [...document.querySelectorAll(`.chunk[data-chunk="${c - 1}"] .messageText`)].pop()?.textContent, chunks);
    assert.equal(last, `PSH+ACK seq=${1001 + (LARGE - 1) * 10} ack=5001 len=10`);
    const asked = (await posted(page)).filter((m) => m.type === 'chunks').flatMap((m) => (m.type === 'chunks' ? m.chunks : []));
    assert.ok(asked.length < chunks / 10, `only the chunks shown were asked for (${asked.length} of ${chunks})`);
    assert.equal(new Set(asked).size, asked.length, 'no chunk was asked for twice');
    await page.close();
  });

  it('follows the cursor down a long flow and shows each edit there (drawing a chunk never moves the others)', async () => {
    const page = await previewPage(h);
    const lines = exchangeFlow(3000).split('\n');
    await show(page, diagramOf(lines.join('\n'), PREVIEW_CHUNK_SIZE, 1));
    for (let i = 1; i <= 3; i++) {
      const edited = Math.floor((lines.length * i) / 4);
      await send(page, { type: 'highlight', line: edited });
      await page.waitForSelector(`.tf-active[data-line="${edited}"]`);
      lines[edited] = lines[edited].replace('PSH+ACK', 'PSH+ACK+URG');
      const report = await show(page, diagramOf(lines.join('\n'), PREVIEW_CHUNK_SIZE, i + 1));
      assert.equal(report.error, undefined);
      const label = await page.evaluate((line) => {
        const hit = document.querySelector<SVGRectElement>(`.tf-hit.tf-active[data-line="${line}"]`);
        return hit ? 'highlighted' : 'not highlighted';
      }, edited);
      assert.equal(label, 'highlighted', `edit ${i}`);
    }
    await page.close();
  });

  it('marks each error on the overview bar where its chunk is, and a click goes there and reveals its line', async () => {
    const page = await previewPage(h);
    const host = await outlineHost(page);
    const text = withErrors(600, [100, 500]);
    const outline = chunkedDiagram(analyze(text), { chunkSize: PREVIEW_CHUNK_SIZE });
    assert.deepEqual(outline.errors.map((e) => e.line), [104, 505]);
    await host.show(text, PREVIEW_CHUNK_SIZE, 1);
    await page.waitForSelector('#overview:not([hidden])');
    for (const e of outline.errors) {
      const y = await markY(page, e.line, e.chunk);
      assert.ok((await barPixel(page, y + 1))[3] > 0, `a mark at ${y.toFixed(0)} px for line ${e.line}`);
    }
    await page.evaluate(() => document.getElementById('scroller')!.scrollTo(0, 0));
    await page.evaluate(() => new Promise(requestAnimationFrame));
    const ys = await marks(page);
    assert.equal(ys.length, 2, 'two marks');
    const box = (await page.locator('#overview').boundingBox())!;
    const revealsBefore = (await posted(page)).filter((m) => m.type === 'reveal').length;
    await page.mouse.click(box.x + box.width / 2, box.y + ys[1]);
    await page.waitForFunction((n) => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'reveal').length > n, revealsBefore);
    assert.deepEqual((await posted(page)).filter((m) => m.type === 'reveal').pop(), { type: 'reveal', line: 505 });
    await page.waitForSelector('.tf-active');
    const active = await page.evaluate(() => {
      const hit = document.querySelector<SVGRectElement>('.tf-hit.tf-active')!;
      const r = hit.getBoundingClientRect();
      const view = document.getElementById('scroller')!.getBoundingClientRect();
      return { line: hit.dataset.line, onScreen: r.top >= view.top && r.bottom <= view.bottom };
    });
    assert.deepEqual(active, { line: '505', onScreen: true });
    await page.close();
  });

  it('draws the marks in the theme\'s error colour, visible in light, dark and high contrast', async () => {
    const page = await previewPage(h);
    const host = await outlineHost(page);
    await host.show(withErrors(60, [10]), PREVIEW_CHUNK_SIZE, 1);
    await page.waitForSelector('#overview:not([hidden])');
    for (const theme of Object.keys(THEMES) as TestTheme[]) {
      await applyTheme(page, theme);
      await page.evaluate(() => new Promise(requestAnimationFrame));
      const [y] = await marks(page);
      const pixel = await barPixel(page, y);
      const background = hex(THEMES[theme].vars['editor-background']);
      assert.deepEqual(pixel.slice(0, 3), hex(THEMES[theme].vars['editorError-foreground']), theme);
      assert.ok(contrast(pixel, background) >= 3, `${theme}: the mark stands out from the background`);
    }
    await page.close();
  });

  it('has no overview bar without errors', async () => {
    const page = await previewPage(h);
    const host = await outlineHost(page);
    await host.show(longFlow(100), PREVIEW_CHUNK_SIZE, 1);
    assert.equal(await page.locator('#overview').isHidden(), true);
    assert.equal(await page.evaluate(() => document.getElementById('scroller')!.getBoundingClientRect().right), 1000, 'the drawing has the whole width');
    await page.close();
  });
});
