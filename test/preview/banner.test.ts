// The syntax-error banner while typing, in Chromium with a fake clock: an
// incomplete line keeps the last good diagram without a word, the banner comes
// only after a pause with no valid version, and a valid version in between
// cancels it. The clock is Playwright's, installed for this file's browser only.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Headless } from '../../server/src/cli/headless';
import { SYNTAX_BANNER_DELAY_MS } from '../../client/webview/banner';
import type { DiagramResult } from '../../server/src/protocol';
import { EXAMPLES } from '../helpers';
import { diagramOf, launch, posted, previewPage, send, SKIP_NO_BROWSER } from './browser';

const GOOD = readFileSync(`${EXAMPLES}/lost-syn.tcpflow`, 'utf8');

/** Sends a version and waits for its report (polling on the browser's real timers: the page's clock is stopped). */
async function deliver(page: Page, result: DiagramResult): Promise<void> {
  await send(page, { type: 'diagram', result });
  await page.waitForFunction((v) => (window as unknown as { __posted: { type: string; version?: number }[] }).__posted
    .some((m) => m.type === 'rendered' && m.version === v), result.version, { polling: 20, timeout: 60_000 });
}

const bannerShown = (page: Page) => page.evaluate(() => !document.getElementById('banner')!.hidden);

describe('syntax-error banner while typing', { skip: SKIP_NO_BROWSER }, () => {
  let h: Headless;
  let page: Page;
  let version = 0;
  const good = () => diagramOf(GOOD, 3, ++version);
  const broken = (typed: string) => diagramOf(`${GOOD}${typed}\n`, 3, ++version);

  before(async () => {
    h = await launch();
    page = await previewPage(h);
    await page.clock.install();
    await deliver(page, good());
    await page.clock.pauseAt(Date.now() + 60_000);
  });
  after(() => h?.close());

  it('waits for a pause with no valid version before it says "Syntax error", and keeps the last good diagram', async () => {
    const drawing = await page.evaluate(() => document.getElementById('stack')!.innerHTML);
    for (const typed of ['C', 'Client -', 'Client -> Ser', 'Client -> Server : SY']) {
      const b = broken(typed);
      assert.ok(b.syntaxErrors.length, `"${typed}" is a syntax error`);
      await deliver(page, b);
      await page.clock.runFor(SYNTAX_BANNER_DELAY_MS / 2);
      assert.equal(await bannerShown(page), false, `no banner half a delay after "${typed}"`);
    }
    await page.clock.runFor(SYNTAX_BANNER_DELAY_MS);
    assert.equal(await bannerShown(page), true, 'the banner once typing paused');
    assert.match(await page.locator('#banner').innerText(), /Syntax error: the preview shows the last diagram without errors/);
    assert.equal(await page.evaluate(() => document.getElementById('stack')!.innerHTML), drawing, 'the last good diagram stays');
    const last = (await posted(page)).filter((m) => m.type === 'rendered').pop();
    assert.match(last?.type === 'rendered' ? last.error ?? '' : '', /syntax error/);
  });

  it('hides the banner on a valid version, and a valid version within the delay cancels it', async () => {
    await deliver(page, good());
    assert.equal(await bannerShown(page), false, 'a valid version hides the banner at once');
    await deliver(page, broken('Client -> Server : SYNN'));
    await page.clock.runFor(SYNTAX_BANNER_DELAY_MS / 2);
    await deliver(page, good());
    await page.clock.runFor(SYNTAX_BANNER_DELAY_MS * 3);
    assert.equal(await bannerShown(page), false, 'no banner for an error that was fixed in time');
  });
});
