// End-to-end checks of a calm editor and a readable preview (in the same
// workbench as tests.ts): the syntax-error banner waits for a pause in typing,
// the output channel stays quiet, every text of the preview reaches WCAG AA
// contrast in light, dark and high-contrast themes, and the screenshots the
// README shows.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { ROOT } from '../helpers';
import { checkContrast } from '../preview/contrast';
import type { Fixtures } from './session';
import type { E2eTest } from './tests';
import { position, segmentLines } from './tests';
import { until, type Workbench } from './workbench';
import { SYNTAX_BANNER_DELAY_MS } from '../../client/webview/banner';

const TYPING = 'e2e-typing.tcpflow';
const ARTICLE = 'article-handshake-teardown.tcpflow';
/** The article's flow as no other test edits it, for the screenshots. */
const README = 'handshake-and-teardown.tcpflow';
const ERRORS = 'errors/wrong-handshake-numbers.tcpflow';
const article = readFileSync(join(ROOT, 'examples', ARTICLE), 'utf8');

/** Files these tests add to the workspace. */
export const CALM_FIXTURES: Fixtures = { [TYPING]: article, [README]: article };

/** Opens a flow and its preview; `example` is the example the flow is (a fixture is a copy of one). */
async function openPreview(wb: Workbench, path: string, example = path): Promise<void> {
  await wb.openFile(path);
  await wb.page.keyboard.press('Control+K');
  await wb.page.keyboard.press('V');
  const count = segmentLines(example).length;
  await until(`${count} arrows in the preview`, async () => ((await wb.previewArrows().count()) === count ? true : undefined));
}

/** The preview's page as a Playwright frame (the contrast checker evaluates in it). */
function previewFrame(wb: Workbench): Promise<Frame> {
  return until('the preview frame', async () => {
    for (const f of wb.page.frames()) if (await f.evaluate(() => !!document.querySelector('#tf-bar')).catch(() => false)) return f;
    return undefined;
  });
}

interface BannerLog {
  /** When (performance.now) the banner was shown, each time. */
  readonly shown: number[];
  /** When a version with a syntax error reached the preview, each time. */
  readonly broken: number[];
}

/** Records, in the preview, when the banner shows and when broken versions arrive. */
async function recordBanner(frame: Frame): Promise<void> {
  await frame.evaluate(() => {
    const log: BannerLog = { shown: [], broken: [] };
    (window as unknown as { __banner: BannerLog }).__banner = log;
    const banner = document.querySelector('#banner') as HTMLElement;
    new MutationObserver(() => {
      if (!banner.hidden) log.shown.push(performance.now());
    }).observe(banner, { attributes: true, attributeFilter: ['hidden'] });
    window.addEventListener('message', (e: MessageEvent) => {
      const m = e.data as { type?: string; result?: { syntaxErrors?: unknown[] } };
      // A version comes whole ('diagram') or as the outline of its chunks ('outline'): either carries its syntax errors.
      if ((m?.type === 'diagram' || m?.type === 'outline') && m.result?.syntaxErrors?.length) log.broken.push(performance.now());
    });
  });
}

const bannerLog = (frame: Frame) => frame.evaluate(() => (window as unknown as { __banner: BannerLog }).__banner);

/** Every line of the extension's own output channel so far (its log file, which exists from the extension's start). */
function outputLines(logs: string): string[] {
  const files = existsSync(logs) ? readdirSync(logs, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && /^tcpflow\.log$/i.test(e.name)) : [];
  assert.ok(files.length > 0, `the tcpflow output channel's log file under ${logs}`);
  return files.flatMap((e) => readFileSync(join(e.parentPath, e.name), 'utf8').split('\n'));
}

const THEMES = [
  { label: 'Light Modern', kind: 'vs', id: 'light' },
  { label: 'Dark Modern', kind: 'vs-dark', id: 'dark' },
  { label: 'Dark High Contrast', kind: 'hc-black', id: 'high-contrast' },
] as const;
type Theme = (typeof THEMES)[number];

/**
 * Runs `body` in each theme, once the preview wears it and highlights the
 * arrow of the cursor at `line`:`column`; back in Light Modern afterwards.
 */
async function inThemes(wb: Workbench, themes: readonly Theme[], line: number, column: number, body: (theme: Theme, frame: Frame) => Promise<void>): Promise<void> {
  try {
    for (const theme of themes) {
      await wb.colorTheme(theme.label, theme.kind);
      await wb.focusEditor();
      await wb.goTo(line, column);
      const frame = await previewFrame(wb);
      await until(`the preview in the ${theme.id} theme, its highlight on line ${line}`, async () =>
        (await frame.evaluate((cls) => document.body.classList.contains(cls) && !!document.querySelector('.tf-active'), `vscode-${theme.id}`)) ? true : undefined);
      await body(theme, frame);
    }
  } finally {
    await wb.colorTheme('Light Modern', 'vs');
  }
}

export const CALM_TESTS: readonly E2eTest[] = [
  {
    id: 'banner-delay',
    name: 'typing through incomplete lines keeps the last good diagram without a banner; a pause shows it; the output channel stays quiet',
    async run({ workbench: wb, logs }) {
      await openPreview(wb, TYPING, ARTICLE);
      const frame = await previewFrame(wb);
      await recordBanner(frame);
      const arrows = segmentLines(ARTICLE).length;
      await wb.focusEditor();
      await wb.page.keyboard.press('Control+End');
      // A line typed at a person's pace (slower than the preview's 100 ms debounce): the versions before the last are broken.
      await wb.page.keyboard.type('Client -x Server: SYN seq=5000', { delay: 200 });
      await until('the typed segment drawn', async () => ((await wb.previewArrows().count()) === arrows + 1 ? true : undefined));
      const typing = await bannerLog(frame);
      assert.ok(typing.broken.length > 3, `broken versions reached the preview while typing (${typing.broken.length})`);
      await wb.page.waitForTimeout(2 * SYNTAX_BANNER_DELAY_MS);
      assert.deepEqual((await bannerLog(frame)).shown, [], 'the banner never showed while typing');

      // A pause on a broken line: the banner comes after the delay, over the last good diagram.
      await wb.page.keyboard.type(' ack=');
      const shownAt = await until('the banner after a pause', async () => (await bannerLog(frame)).shown[0]);
      const { broken } = await bannerLog(frame);
      const lastBrokenBefore = Math.max(...broken.filter((t) => t <= shownAt));
      assert.ok(shownAt - lastBrokenBefore >= SYNTAX_BANNER_DELAY_MS - 50, `the banner waited ${Math.round(shownAt - lastBrokenBefore)} ms`);
      assert.equal(await wb.previewArrows().count(), arrows + 1, 'the last good diagram stays');
      assert.match(await wb.preview().locator('#banner').innerText(), /Syntax error/);
      for (let i = 0; i < ' ack='.length; i++) await wb.page.keyboard.press('Backspace');
      await until('the banner gone', async () => ((await wb.preview().locator('#banner').isHidden()) ? true : undefined));

      const noisy = outputLines(logs).filter((l) => /preview: version|syntax error/i.test(l));
      assert.deepEqual(noisy, [], 'nothing about versions in the output channel with tracing off');
    },
  },
  {
    id: 'contrast',
    name: "every text of the preview reaches 4.5:1 against what is under it, with the cursor's highlight on an error, in light, dark and high-contrast themes",
    async run({ workbench: wb, snap }) {
      await wb.hideSideBarAndPanel();
      await openPreview(wb, ERRORS);
      await inThemes(wb, THEMES, segmentLines(ERRORS)[1], 1, async (theme, frame) => {
        const report = await checkContrast(frame, { scope: 'body' });
        await snap(theme.id);
        assert.ok(report.checked > 20, `${theme.id}: ${report.checked} texts checked`);
        assert.deepEqual(report.failures, [], `${theme.id}: texts below 4.5:1 (lowest ${report.lowest.toFixed(2)})`);
      });
    },
  },
  {
    id: 'readme',
    name: 'the article flow beside its preview, in the light and dark themes (the README screenshots)',
    async run({ workbench: wb, snap }) {
      await wb.hideSideBarAndPanel();
      await openPreview(wb, README, ARTICLE);
      // The cursor on the FIN: its arrow is highlighted in the preview.
      await inThemes(wb, THEMES.slice(0, 2), 7, 20, (theme) => snap(theme.id));
      // A hover on an error's flag: the diagnostic, then the transition; the Problems panel below.
      await wb.openFile(ERRORS);
      await wb.showProblems();
      const { line, column } = position(ERRORS, 'ACK(ISN_Client)', 'ACK(');
      await wb.goTo(line, column + 1);
      assert.match(await wb.hover(), /SYN[_-]SENT/);
      // The hover fades in.
      await wb.page.waitForTimeout(500);
      await snap('hover-and-problems');
    },
  },
];
