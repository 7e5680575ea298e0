// The preview's state view and stepping in headless Chromium with the built
// bundle: the two views and the stepping switch are announced to the panel,
// ← / → step and say so (the cursor follows), the TCB panel shows the step's
// values with the changed ones marked, the sequence diagram fades what lies
// after the step, a click on a transition reveals its line, and nothing a flow
// says becomes markup in the state view or the panel.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Headless } from '../../server/src/cli/headless';
import { analyze } from '../../server/src/language/analysis';
import { toStateDiagram } from '../../server/src/language/stateDiagram';
import { steppingView } from '../../server/src/language/stepping';
import type { FromWebview } from '../../client/webview/messages';
import { EXAMPLES } from '../helpers';
import { diagramOf, launch, posted, previewPage, send, show, SKIP_NO_BROWSER } from './browser';

const ARTICLE = readFileSync(join(EXAMPLES, 'article-handshake-teardown.tcpflow'), 'utf8');
const EVIL = String.raw`title "<script>alert(1)</script>"
endpoint C "<img src=x onerror=alert(2)>"
endpoint S "%%{init: {'securityLevel':'loose'}}%%"
C -> S : SYN seq=1 "<script>alert(3)</script>"
C -> S : FIN
`;
const FORBIDDEN = 'script, img, iframe, object, embed, foreignObject, a[href^="javascript"], [onerror], [onclick], [onload]';

async function open(h: Headless, text: string): Promise<Page> {
  const page = await previewPage(h);
  await send(page, { type: 'document', uri: 'file:///flow.tcpflow', locked: false });
  await show(page, diagramOf(text, 12));
  await send(page, { type: 'stepping', result: { version: 1, steps: steppingView(analyze(text)) } });
  return page;
}

const lastOf = async <T extends FromWebview['type']>(page: Page, type: T) =>
  (await posted(page)).filter((m) => m.type === type).pop() as Extract<FromWebview, { type: T }> | undefined;

describe('state view and stepping in Chromium', { skip: SKIP_NO_BROWSER }, () => {
  let h: Headless;
  before(async () => {
    h = await launch();
  });
  after(() => h?.close());

  it('steps with the arrow keys: the panel hears of it, the TCB panel shows the step, what follows is faded', async () => {
    const page = await open(h, ARTICLE);
    assert.deepEqual(await lastOf(page, 'view'), { type: 'view', view: 'sequence', stepping: false });
    await send(page, { type: 'highlight', line: 3 });
    await page.keyboard.press('ArrowRight');
    assert.deepEqual(await lastOf(page, 'view'), { type: 'view', view: 'sequence', stepping: true });
    assert.deepEqual(await lastOf(page, 'step'), { type: 'step', step: 2, line: 4, byUser: true });
    const tcb = await page.evaluate(() => ({
      caption: document.querySelector('.tf-tcb-caption')?.textContent,
      changed: [...document.querySelectorAll('#tf-tcb td.tf-changed')].map((td) => `${(td.parentElement!.firstChild as HTMLElement).textContent}=${td.textContent}`),
      why: [...document.querySelectorAll('.tf-why li')].map((li) => li.textContent),
    }));
    assert.match(tcb.caption ?? '', /^Step 2 of 11 · line 5: Server -> Client: SYN\+ACK seq=ISN_Server ack=ISN_Client\+1/);
    // Row by row: Client's changes, then Server's.
    assert.deepEqual(tcb.changed, ['state=ESTABLISHED', 'ISS=ISN_Server', 'IRS=ISN_Server', 'SND.UNA=ISN_Client+1', 'SND.UNA=ISN_Server', 'SND.NXT=ISN_Server+1', 'RCV.NXT=ISN_Server+1']);
    assert.match(tcb.why[0] ?? '', /^Client: RCV\.NXT = ISN_Server\+1: the SYN occupies one sequence number · ESTABLISHED/);
    await page.waitForFunction(() => document.querySelectorAll('.tf-hit.tf-dim').length > 0);
    const hits = await page.evaluate(() => [...document.querySelectorAll('#stack > .chunk')].flatMap((chunk, c) =>
      [...chunk.querySelectorAll<SVGElement>('.tf-hit')].map((h) => ({ key: `${c}:${h.dataset.kind}:${h.dataset.index}`, dim: h.classList.contains('tf-dim') }))));
    const lineOf = new Map(diagramOf(ARTICLE, 12).elements.map((e) => [`${e.chunk}:${e.kind}:${e.indexInChunk}`, e.line]));
    assert.ok(hits.length > 10);
    // The first two statements' arrows and notes stay, everything after is faded.
    for (const h of hits) assert.equal(h.dim, lineOf.get(h.key)! > 4, h.key);
    // The editor's cursor moved elsewhere: the step follows, without moving the cursor back.
    await send(page, { type: 'highlight', line: 9 });
    assert.deepEqual(await lastOf(page, 'step'), { type: 'step', step: 7, line: 9, byUser: false });
    await page.keyboard.press('ArrowLeft');
    assert.deepEqual(await lastOf(page, 'step'), { type: 'step', step: 6, line: 8, byUser: true });
    await page.close();
  });

  it('shows the state view, and a click on a transition reveals its line', async () => {
    const page = await open(h, ARTICLE);
    await page.click('#tf-bar button:has-text("States")');
    assert.deepEqual(await lastOf(page, 'view'), { type: 'view', view: 'states', stepping: false });
    const d = toStateDiagram(analyze(ARTICLE));
    await send(page, { type: 'stateDiagram', result: { version: 1, mermaid: d.mermaid, edges: d.edges } });
    await page.waitForSelector('#tf-states svg');
    assert.equal(await page.isVisible('#tf-states'), true);
    const taken = await page.evaluate(() => [...document.querySelectorAll('#tf-states .edgeLabel .tf-taken, #tf-states .edgeLabel.tf-taken, #tf-states g.label.tf-taken')].map((e) => e.textContent));
    assert.ok(taken.some((t) => t?.includes('recv SYN · Server: line 4')), JSON.stringify(taken));
    const label = page.locator('#tf-states g.label.tf-taken', { hasText: 'wait 2MSL' });
    await label.click();
    assert.deepEqual(await lastOf(page, 'reveal'), { type: 'reveal', line: 11 });
    await page.close();
  });

  it('keeps every name and payload text in the state view and the TCB panel', async () => {
    const page = await open(h, EVIL);
    await page.keyboard.press('ArrowRight');
    await page.click('#tf-bar button:has-text("States")');
    const d = toStateDiagram(analyze(EVIL), { step: 2 });
    await send(page, { type: 'stateDiagram', step: 1, result: { version: 1, mermaid: d.mermaid, edges: d.edges } });
    await page.keyboard.press('ArrowRight');
    await send(page, { type: 'stateDiagram', step: 2, result: { version: 1, mermaid: d.mermaid, edges: d.edges } });
    await page.waitForSelector('#tf-states svg');
    assert.deepEqual(await page.evaluate((f) => ['#tf-states', '#tf-tcb'].flatMap((r) => [...document.querySelector(r)!.querySelectorAll(f)].map((e) => e.outerHTML.slice(0, 200))), FORBIDDEN), []);
    const texts = await page.evaluate(() => [document.querySelector('#tf-states svg')!.textContent, document.querySelector('#tf-tcb')!.textContent]);
    assert.ok(texts[0]!.includes('C: line 4'), texts[0]!);
    assert.ok(texts[0]!.includes('✗ line 5: TF301'));
    assert.match(texts[1]!, /Step 2 of 2 · line 5: C -> S: FIN/);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __executed: string[] }).__executed), []);
    await page.close();
  });
});
