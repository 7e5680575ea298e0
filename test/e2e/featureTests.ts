// End-to-end tests of the state view, stepping through time and ```tcpflow
// blocks in VS Code's Markdown preview, in the same workbench as tests.ts.
import assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers';
import type { Fixtures } from './session';
import type { E2eTest } from './tests';
import { segmentLines } from './tests';
import { until, type Workbench } from './workbench';

const ARTICLE = 'article-handshake-teardown.tcpflow';
const NOTES = 'e2e-notes.md';
const flow = readFileSync(join(ROOT, 'examples', ARTICLE), 'utf8');
const ILLEGAL = 'Client -> Server : SYN seq=100\nClient -> Server : FIN\n';

/** Files these tests add to the workspace. */
export const FEATURE_FIXTURES: Fixtures = {
  [NOTES]: `# The handshake and the teardown\n\nThe article's flow, checked:\n\n\`\`\`tcpflow\n${flow}\`\`\`\n\nA student's mistake:\n\n\`\`\`tcpflow\n${ILLEGAL}\`\`\`\n`,
};

async function openPreview(wb: Workbench): Promise<void> {
  await wb.openFile(ARTICLE);
  await wb.page.keyboard.press('Control+K');
  await wb.page.keyboard.press('V');
  // An earlier test may have added an arrow at the end (the lines of the others stay).
  const count = segmentLines(ARTICLE).length;
  await until(`${count} arrows or more in the preview`, async () => ((await wb.previewArrows().count()) >= count ? true : undefined));
}

/** The texts of the state view's transition labels, without spaces (a label wraps into rows with no space between them). */
const stateLabels = async (wb: Workbench) => (await wb.preview().locator('#tf-states svg g.edgeLabel').allTextContents()).map(squash);
const squash = (s: string) => s.replace(/\s+/g, '');

/**
 * The cursor's line in the text editor while the preview keeps the focus (the
 * status bar shows the position of a focused editor only): the gutter marks it.
 */
async function cursorLine(wb: Workbench): Promise<number | undefined> {
  const n = await wb.page.locator('.editor-group-container').first().locator('.line-numbers.active-line-number').first().textContent().catch(() => null);
  return n ? Number(n.trim()) : undefined;
}

/** The content of the webview whose page holds `selector` (the Markdown preview is a webview too). */
async function webviewWith(wb: Workbench, selector: string): Promise<FrameLocator> {
  return until(`a webview with ${selector}`, async () => {
    const frames = wb.page.locator('iframe.webview.ready');
    for (let i = 0; i < (await frames.count()); i++) {
      const inner = frames.nth(i).contentFrame().locator('#active-frame').contentFrame();
      if ((await inner.locator(selector).count().catch(() => 0)) > 0) return inner;
    }
    return undefined;
  });
}

export const FEATURE_TESTS: readonly E2eTest[] = [
  {
    id: 'state-view',
    name: "the States view draws both endpoints' paths with their lines, and a click on a transition reveals its line",
    async run({ workbench: wb, snap }) {
      await wb.hideSideBarAndPanel();
      await openPreview(wb);
      await wb.preview().locator('#tf-bar button', { hasText: 'States' }).click();
      const labels = await until('both paths in the state view', async () => {
        const l = await stateLabels(wb);
        return l.some((t) => t.includes(squash('send SYN · Client: line 4'))) && l.some((t) => t.includes(squash('recv SYN · Server: line 4'))) ? l : undefined;
      });
      for (const expected of ['recv SYN+ACK · Client: line 5', 'recv ACK of SYN · Server: line 6', 'send FIN · Client: line 7', 'recv FIN · Server: line 7', 'wait 2MSL · Client: line 12']) {
        assert.ok(labels.some((t) => t.includes(squash(expected))), `no ${expected} among ${labels.join(' | ')}`);
      }
      await snap('paths');
      await wb.preview().locator('#tf-states g.label.tf-taken', { hasText: 'recv FIN · Server' }).click();
      await until('the cursor on line 7', async () => ((await wb.cursor()).line === 7 ? true : undefined));
    },
  },
  {
    id: 'stepping',
    name: 'stepping with → moves the cursor, the TCB panel shows the step, and moving the cursor moves the step',
    async run({ workbench: wb, snap }) {
      await openPreview(wb);
      const view = wb.preview();
      await view.locator('#tf-bar button', { hasText: 'Step' }).click();
      await wb.focusEditor();
      await wb.goTo(4, 1);
      await until('step 1 in the TCB panel', async () => ((await view.locator('.tf-tcb-caption').textContent())?.startsWith('Step 1 of') ? true : undefined));
      // The keys go to the preview: focus it as a user does, by clicking it.
      await view.locator('#tf-tcb').click();
      await wb.page.keyboard.press('ArrowRight');
      await until('the cursor on line 5', async () => ((await cursorLine(wb)) === 5 ? true : undefined));
      const caption = await view.locator('.tf-tcb-caption').textContent();
      assert.match(caption ?? '', /^Step 2 of \d+ · line 5: Server -> Client/);
      const changed = await view.locator('#tf-tcb td.tf-changed').allTextContents();
      assert.ok(changed.includes('ISN_Server+1'), changed.join(' | '));
      const why = await view.locator('.tf-why li').allTextContents();
      assert.ok(why.some((w) => w.startsWith('Client: RCV.NXT = ISN_Server+1: the SYN occupies one sequence number')), why.join(' | '));
      assert.ok((await view.locator('.tf-hit.tf-dim').count()) > 0, 'nothing after the step is faded');
      await view.locator('#tf-bar button', { hasText: 'States' }).click();
      await until('the state view at step 2', async () => ((await stateLabels(wb)).some((t) => t.includes(squash('recv SYN+ACK · Client: line 5'))) ? true : undefined));
      await snap('tcb-states');
      await view.locator('#tf-bar button', { hasText: 'Sequence' }).click();
      await wb.focusEditor();
      await wb.goTo(9, 1);
      await until('step 6 in the TCB panel', async () => ((await view.locator('.tf-tcb-caption').textContent())?.startsWith('Step 6 of') ? true : undefined));
      await snap('tcb-sequence');
      // Back to how the other tests expect the preview.
      await view.locator('#tf-bar button', { hasText: 'Step' }).click();
    },
  },
  {
    id: 'markdown-preview',
    name: "a ```tcpflow block in VS Code's Markdown preview shows the checked diagram, and an illegal one its error",
    async run({ workbench: wb, snap }) {
      await wb.openFile(NOTES);
      await wb.command('Markdown: Open Preview to the Side');
      const md = await webviewWith(wb, '.tcpflow-fence');
      await until('both diagrams drawn', async () => ((await md.locator('.tcpflow-diagram svg').count()) === 2 ? true : undefined));
      const actors = await md.locator('.tcpflow-diagram svg').first().locator('text.actor').allTextContents();
      assert.deepEqual([...new Set(actors.map((a) => a.trim()))].sort(), ['Client', 'Server']);
      const problems = await md.locator('.tcpflow-problems li').allTextContents();
      const line = `${FEATURE_FIXTURES[NOTES].split('\n').indexOf('Client -> Server : FIN') + 1}`;
      assert.ok(problems.some((p) => p.startsWith(`line ${line}: error TF301:`)), problems.join(' | '));
      await md.locator('.tcpflow-diagram svg').nth(1).scrollIntoViewIfNeeded();
      await snap('illegal-block');
    },
  },
];
