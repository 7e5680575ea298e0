// The real webview bundle (dist/webview.js) in headless Chromium, for the
// preview and export tests: the VS Code API is stood in for by a recorder of
// posted messages, so a test drives the preview exactly as the extension does.
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { analyze } from '../../server/src/language/analysis';
import { chunkedDiagram, toMermaid } from '../../server/src/language/mermaid';
import type { DiagramResult } from '../../server/src/protocol';
import { findBrowser, Headless } from '../../server/src/cli/headless';
import type { FromWebview, ToWebview } from '../../client/webview/messages';
import { requirePresent, ROOT, skipOutsideCi } from '../helpers';

export const BUNDLE = join(ROOT, 'dist', 'webview.js');
export const BROWSER = findBrowser();
const NO_BROWSER: string | false = BROWSER ? false : 'no Chromium or Chrome on this machine: install chromium (or set TCPFLOW_BROWSER) to run the browser tests';
/** node:test's `skip` option: false, or why the browser tests cannot run here (never under CI, where launch() fails instead). */
export const SKIP_NO_BROWSER = skipOutsideCi(NO_BROWSER);

const VSCODE_STUB = `
  window.__posted = [];
  window.__state = undefined;
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => { window.__posted.push(m); if (window.__host) void window.__host(m); },
    getState: () => window.__state,
    setState: (s) => { window.__state = s; },
  });`;

/** Any script in the page that runs what a flow says: alert() or an assignment to this flag. */
export const TRAP = `window.__executed = []; window.alert = (m) => window.__executed.push('alert ' + m);`;

export function launch(): Promise<Headless> {
  requirePresent(NO_BROWSER);
  return Headless.launch(BROWSER!, BUNDLE);
}

export async function previewPage(h: Headless, height = 900): Promise<Page> {
  const page = await h.page({ init: VSCODE_STUB + TRAP });
  await page.setViewportSize({ width: 1000, height });
  return page;
}

const syntaxErrorsOf = (a: ReturnType<typeof analyze>) => a.diagnostics().filter((d) => d.code.startsWith('TF1') && d.severity === 'error')
  .map((d) => ({ line: a.lines.position(d.start).line, message: d.message }));

/** What the language server answers to tcpflow/diagram for this text. */
export function diagramOf(text: string, chunkSize: number, version = 1): DiagramResult {
  const a = analyze(text);
  return { version, ...toMermaid(a, { chunkSize }), syntaxErrors: syntaxErrorsOf(a) };
}

/**
 * Stands in for the panel and the language server of a large flow's preview:
 * `show` posts a version's outline (tcpflow/diagramOutline) and answers the
 * preview's requests for chunks of that version (tcpflow/diagramChunks).
 */
export async function outlineHost(page: Page): Promise<{ show(text: string, chunkSize: number, version: number): Promise<Extract<FromWebview, { type: 'rendered' }>> }> {
  const versions = new Map<number, ReturnType<typeof chunkedDiagram>>();
  await page.exposeFunction('__host', (m: FromWebview) => {
    const d = m.type === 'chunks' ? versions.get(m.version) : undefined;
    if (m.type !== 'chunks' || !d) return;
    const chunks = m.chunks.map((i) => d.chunk(i)).filter((c) => c !== undefined);
    void send(page, { type: 'chunks', result: { version: m.version, chunks } });
  });
  return {
    async show(text, chunkSize, version) {
      const a = analyze(text);
      const d = chunkedDiagram(a, { chunkSize });
      versions.set(version, d);
      const { title, participants, chunkLines, errors } = d;
      await send(page, { type: 'outline', result: { version, title, participants, chunkLines, errors, syntaxErrors: syntaxErrorsOf(a) } });
      return rendered(page, version);
    },
  };
}

export async function send(page: Page, message: ToWebview): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
}

export function posted(page: Page): Promise<FromWebview[]> {
  return page.evaluate(() => (window as unknown as { __posted: FromWebview[] }).__posted);
}

/** Sends a diagram and waits until the preview reports it on screen. */
export async function show(page: Page, result: DiagramResult): Promise<Extract<FromWebview, { type: 'rendered' }>> {
  await send(page, { type: 'diagram', result });
  return rendered(page, result.version);
}

/** Waits until the preview reports a version on screen. */
async function rendered(page: Page, version: number): Promise<Extract<FromWebview, { type: 'rendered' }>> {
  const handle = await page.waitForFunction((v) => (window as unknown as { __posted: FromWebview[] }).__posted
    .find((m) => m.type === 'rendered' && m.version === v), version, { timeout: 120_000 });
  return (await handle.jsonValue()) as Extract<FromWebview, { type: 'rendered' }>;
}

/** A flow of n data segments after a handshake, each line one arrow. */
export function longFlow(n: number): string {
  const out = ['title "Long flow"', 'Client -> Server : SYN seq=1000', 'Server -> Client : SYN+ACK seq=5000 ack=1001', 'Client -> Server : ACK seq=1001 ack=5001'];
  for (let i = 0; i < n; i++) out.push(`Client -> Server : PSH+ACK seq=${1001 + i * 10} ack=5001 len=10`);
  return out.join('\n') + '\n';
}
