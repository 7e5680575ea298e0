// The preview and the image export in real headless Chromium, with the built
// bundle (dist/webview.js): every example draws; nothing a flow says can run
// or become markup; clicks and the cursor map to the right lines; chunked
// drawing equals the whole drawing; edits redraw only what changed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Headless } from '../../server/src/cli/headless';
import { analyze } from '../../server/src/language/analysis';
import { toMermaid } from '../../server/src/language/mermaid';
import { EXAMPLES, flowFiles } from '../helpers';
import { diagramOf, launch, longFlow, posted, previewPage, send, show, SKIP_NO_BROWSER, TRAP } from './browser';

const INJECTION = String.raw`title "<script>alert(1)</script> %%{init: {'theme':'dark'}}%%"
endpoint A "<img src=x onerror=alert(2)>"
endpoint B "javascript:alert(3)"
A -> B : SYN seq=1 "<script>alert(4)</script>"
note A, B "click P0 call alert() <a href=\"javascript:alert(5)\">x</a>"
note A "%%{init: {\"securityLevel\":\"loose\"}}%% ;; # -->> end"
B -> A : SYN+ACK seq=5 ack=2 "<img src=x onerror=alert(6)>"
`;

/** Elements that a flow's text must never produce. */
const FORBIDDEN = 'script, img, iframe, object, embed, foreignObject, a[href^="javascript"], [onerror], [onclick], [onload]';

const messageTexts = (page: Page, scope: string) => page.evaluate((s) => {
  const arrows: string[] = [];
  for (const svg of document.querySelectorAll<SVGSVGElement>(s)) {
    let label: string[] = [];
    for (const e of svg.querySelectorAll('.messageText, .messageLine0, .messageLine1')) {
      if (e.classList.contains('messageText')) label.push(e.textContent ?? '');
      else {
        arrows.push(label.join(' '));
        label = [];
      }
    }
  }
  return arrows;
}, scope);

describe('preview and export in Chromium', { skip: SKIP_NO_BROWSER }, () => {
  let h: Headless;
  let plain: Page;
  before(async () => {
    h = await launch();
    plain = await h.page({ init: TRAP });
  });
  after(() => h?.close());

  it('draws every example: Mermaid parses and renders each diagram', async () => {
    for (const file of flowFiles(EXAMPLES)) {
      const mermaid = toMermaid(analyze(readFileSync(file, 'utf8'))).mermaid;
      const name = relative(EXAMPLES, file);
      assert.equal(await plain.evaluate((m) => window.tcpflow!.parseError(m), mermaid), undefined, `${name} parses`);
      const svg = await plain.evaluate((m) => window.tcpflow!.exportImage(m, 'svg', 'light'), mermaid);
      assert.match(svg, /<svg[^>]*aria-roledescription="sequence"/, `${name} renders`);
      assert.doesNotMatch(svg, /class="error-(icon|text)"/, name);
    }
  });

  it('runs nothing and injects no element from labels, notes, titles and names', async () => {
    const page = await previewPage(h);
    const result = diagramOf(INJECTION, 2);
    assert.deepEqual(result.syntaxErrors, []);
    await show(page, result);
    const svg = await page.evaluate((m) => window.tcpflow!.exportImage(m, 'svg', 'dark'), result.mermaid);
    await page.evaluate((m) => window.tcpflow!.exportImage(m, 'png', 'light'), result.mermaid);
    const check = await page.evaluate(({ svg, forbidden }) => {
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      return {
        wellFormed: !doc.querySelector('parsererror'),
        executed: (window as unknown as { __executed: string[] }).__executed,
        inPreview: document.querySelectorAll(`#stack ${forbidden.split(', ').join(', #stack ')}`).length,
        inExport: doc.querySelectorAll(forbidden).length,
        previewText: document.getElementById('stack')!.textContent,
      };
    }, { svg, forbidden: FORBIDDEN });
    assert.ok(check.wellFormed, 'the exported SVG is well-formed XML');
    assert.deepEqual(check.executed, []);
    assert.equal(check.inPreview, 0);
    assert.equal(check.inExport, 0);
    for (const text of ['<script>alert(1)</script>', "%%{init: {'theme':'dark'}}%%", '<img src=x onerror=alert(2)>', 'javascript:alert(3)', 'click P0 call alert()']) {
      assert.ok(check.previewText!.includes(text), `shown as text: ${text}`);
    }
    assert.deepEqual(h.refused, [], 'the page fetched nothing');
    await page.close();
  });

  it('posts the line of a clicked arrow or note, and highlights the arrows of the cursor line', async () => {
    const page = await previewPage(h);
    const text = readFileSync(`${EXAMPLES}/article-handshake-teardown.tcpflow`, 'utf8');
    const result = diagramOf(text, 3);
    await show(page, result);
    for (const e of [result.elements.find((x) => x.kind === 'arrow' && x.chunk === 1)!, result.elements.find((x) => x.kind === 'note' && x.chunk === 0)!]) {
      await page.locator('.chunk').nth(e.chunk).locator(`.tf-hit.tf-${e.kind}`).nth(e.indexInChunk).click();
      const last = (await posted(page)).filter((m) => m.type === 'reveal').pop();
      assert.deepEqual(last, { type: 'reveal', line: e.line });
    }
    const fin = text.split('\n').findIndex((l) => l.startsWith('Server -> Client: FIN'));
    await send(page, { type: 'highlight', line: fin });
    await page.waitForSelector('.tf-arrow.tf-active');
    const label = await page.evaluate(() => {
      const hit = document.querySelector('.tf-arrow.tf-active') as SVGRectElement;
      const box = hit.getBBox();
      const texts = [...hit.ownerSVGElement!.querySelectorAll<SVGTextElement>('.messageText')].filter((t) => {
        const b = t.getBBox();
        return b.y >= box.y && b.y + b.height <= box.y + box.height;
      });
      return texts.map((t) => t.textContent).join(' ');
    });
    assert.equal(label, 'FIN');
    await page.close();
  });

  it('draws in chunks exactly what one whole diagram draws', async () => {
    const page = await previewPage(h, 12_000);
    const text = readFileSync(`${EXAMPLES}/http-request.tcpflow`, 'utf8') + longFlow(30).split('\n').slice(4).join('\n').replace(/Client -> Server : PSH\+ACK seq=\d+ ack=5001/g, 'Client -> Server :');
    const result = diagramOf(text, 4);
    assert.ok(result.chunks.length > 5);
    await show(page, result);
    const chunked = await messageTexts(page, '#stack svg');
    await page.evaluate((m) => window.tcpflow!.exportImage(m, 'svg', 'light').then((svg) => {
      const holder = document.createElement('div');
      holder.id = 'whole';
      holder.innerHTML = svg.replace(/^<\?xml[^>]*>/, '');
      document.body.appendChild(holder);
    }), result.mermaid);
    const whole = await messageTexts(page, '#whole svg');
    assert.equal(chunked.length, result.elements.filter((e) => e.kind === 'arrow').length);
    assert.deepEqual(chunked, whole);
    await page.close();
  });

  it('redraws only the changed chunk after an edit, and off-screen chunks when scrolled to', async () => {
    const page = await previewPage(h);
    const text = longFlow(400);
    const first = diagramOf(text, 12, 1);
    await show(page, first);
    const drawn = () => page.evaluate(() => [...document.querySelectorAll('.chunk')].map((c) => !!c.querySelector('svg')));
    const before = await drawn();
    assert.ok(before[0] && before[1], 'the chunks on screen are drawn');
    assert.ok(before.filter(Boolean).length < first.chunks.length / 4, 'chunks far below are not drawn yet');

    await page.evaluate(() => document.querySelectorAll('#stack svg').forEach((s) => s.setAttribute('data-old', '')));
    const lines = text.split('\n');
    lines[20] = lines[20].replace('len=10', 'len=10 "edited"');
    const second = diagramOf(lines.join('\n'), 12, 2);
    const editedChunk = second.elements.find((e) => e.line === 20)!.chunk;
    assert.deepEqual(second.chunks.map((c, i) => c !== first.chunks[i]), second.chunks.map((_, i) => i === editedChunk), 'one chunk changed');
    const report = await show(page, second);
    assert.equal(report.error, undefined);
    const kept = await page.evaluate(() => [...document.querySelectorAll('.chunk')].map((c) => !!c.querySelector('svg[data-old]')));
    assert.deepEqual(kept, before.map((d, i) => d && i !== editedChunk), 'only the edited chunk is redrawn');

    await page.evaluate(() => document.getElementById('scroller')!.scrollTo(0, 1e9));
    await page.waitForFunction((c) => !!document.querySelector(`.chunk[data-chunk="${c - 1}"] svg`), first.chunks.length, { timeout: 60_000 });
    await page.close();
  });

  it('keeps the last good diagram on a syntax error, and says where the error is', async () => {
    const page = await previewPage(h);
    const good = readFileSync(`${EXAMPLES}/lost-syn.tcpflow`, 'utf8');
    await show(page, diagramOf(good, 3, 1));
    const svgBefore = await page.evaluate(() => document.getElementById('stack')!.innerHTML);
    const broken = diagramOf(`${good}Client -> Server : SYNN\n`, 3, 2);
    assert.ok(broken.syntaxErrors.length);
    const report = await show(page, broken);
    assert.match(report.error ?? '', /syntax error/);
    assert.equal(await page.evaluate(() => document.getElementById('stack')!.innerHTML), svgBefore);
    await page.waitForSelector('#banner:not([hidden])');
    assert.match(await page.locator('#banner').innerText(), /line \d+: unknown flag 'SYNN'/);
    await page.locator('#banner a').first().click();
    assert.deepEqual((await posted(page)).filter((m) => m.type === 'reveal').pop(), { type: 'reveal', line: broken.syntaxErrors[0].line });
    await page.close();
  });

  it('fits a first diagram wider than the view, and keeps a zoom the user set', async () => {
    const page = await previewPage(h);
    await page.setViewportSize({ width: 360, height: 700 });
    const wide = readFileSync(`${EXAMPLES}/http-request.tcpflow`, 'utf8');
    await show(page, diagramOf(wide, 0, 1));
    const zoom = () => page.locator('#zoom-level').innerText();
    const fitted = await zoom();
    assert.notEqual(fitted, '100%', 'zoomed out to fit');
    const fits = await page.evaluate(() => {
      const scroller = document.getElementById('stack')!.parentElement!;
      return scroller.scrollWidth <= scroller.clientWidth + 1;
    });
    assert.ok(fits, 'no horizontal scrolling after the fit');
    await page.locator('#zoom-level').click();
    assert.equal(await zoom(), '100%');
    await show(page, diagramOf(`${wide}Client -> Server : ACK\n`, 0, 2));
    assert.equal(await zoom(), '100%', 'an update keeps the zoom');
    await page.close();
  });

  it('follows the VS Code theme', async () => {
    const page = await previewPage(h);
    await show(page, diagramOf(readFileSync(`${EXAMPLES}/lost-fin.tcpflow`, 'utf8'), 4));
    const fill = () => page.evaluate(() => getComputedStyle(document.querySelector('#stack rect.actor-top')!).fill);
    const light = await fill();
    await page.evaluate(() => document.body.classList.add('vscode-dark'));
    await page.waitForFunction((f) => getComputedStyle(document.querySelector('#stack rect.actor-top')!).fill !== f, light);
    await page.evaluate(() => document.body.classList.replace('vscode-dark', 'vscode-high-contrast'));
    await page.waitForFunction(() => getComputedStyle(document.querySelector('#stack rect.actor-top')!).fill === 'rgb(0, 0, 0)');
    await page.close();
  });

  it('renders a whole large flow without Mermaid\'s "Maximum text size" error', async () => {
    const mermaid = toMermaid(analyze(longFlow(1200))).mermaid;
    assert.ok(mermaid.length > 50_000, 'larger than Mermaid\'s default limit');
    const svg = await plain.evaluate((m) => window.tcpflow!.exportImage(m, 'svg', 'light'), mermaid);
    assert.doesNotMatch(svg, /Maximum text size/);
    assert.equal((svg.match(/class="messageLine0"/g) ?? []).length, 1203);
  });
});
