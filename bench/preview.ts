// The preview and the image export in one headless Chromium: Mermaid's full
// render of a flow against the preview's update after a one-line edit (the
// chunks on screen only), the cold open of a preview, and an SVG+PNG export
// against mermaid-cli (mmdc) when it is installed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PREVIEW_CHUNK_SIZE, type FromWebview, type ToWebview } from '../client/webview/messages';
import { findBrowser, Headless, ImageExporter } from '../server/src/cli/headless';
import { analyze } from '../server/src/language/analysis';
import { toMermaid } from '../server/src/language/mermaid';
import type { DiagramResult } from '../server/src/protocol';

const BUNDLE = join(__dirname, '..', 'dist', 'webview.js');
const STUB = `window.__posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => {} });`;
const SIZES = [10, 200, 1000, 3000];

/** A handshake then request/response data segments: `n` segment lines in all. */
function flow(n: number): string {
  const out = ['title "Preview benchmark"', 'Client -> Server : SYN seq=1000', 'Server -> Client : SYN+ACK seq=5000 ack=1001', 'Client -> Server : ACK seq=1001 ack=5001'];
  let c = 1001;
  let s = 5001;
  for (let i = 3; i < n; i++) {
    if (i % 2) {
      out.push(`Client -> Server : PSH+ACK seq=${c} ack=${s} "GET /item/${i}"`);
      c += `GET /item/${i}`.length;
    } else {
      out.push(`Server -> Client : PSH+ACK seq=${s} ack=${c} len=1448`);
      s += 1448;
    }
  }
  return out.join('\n') + '\n';
}

/** The language server's part: analysis and Mermaid text, and its time. */
function diagram(text: string, version: number): { result: DiagramResult; ms: number } {
  const t = performance.now();
  const d = toMermaid(analyze(text), { chunkSize: PREVIEW_CHUNK_SIZE });
  return { result: { version, ...d, syntaxErrors: [] }, ms: performance.now() - t };
}

const post = (page: Page, message: ToWebview) => page.evaluate((m) => window.postMessage(m, '*'), message);

async function show(page: Page, result: DiagramResult): Promise<number> {
  await post(page, { type: 'diagram', result });
  const h = await page.waitForFunction((v) => (window as unknown as { __posted: FromWebview[] }).__posted
    .find((m) => m.type === 'rendered' && m.version === v), result.version, { timeout: 600_000 });
  return ((await h.jsonValue()) as { ms: number }).ms;
}

const fullRender = (page: Page, mermaid: string) => page.evaluate(async (m) => {
  const t = performance.now();
  await window.tcpflow!.exportImage(m, 'svg', 'light');
  return performance.now() - t;
}, mermaid);

const fmt = (ms: number) => `${ms.toFixed(0).padStart(7)} ms`;

export async function previewBench(): Promise<void> {
  const browser = findBrowser();
  if (!browser) {
    console.log('\nPreview: no Chromium or Chrome on this machine (install chromium or set TCPFLOW_BROWSER): skipped');
    return;
  }
  const h = await Headless.launch(browser, BUNDLE);
  let t = 0;
  try {
    t = performance.now();
    const cold = await h.page({ init: STUB });
    await cold.setViewportSize({ width: 1000, height: 900 });
    await show(cold, diagram(flow(200), 1).result);
    console.log(`\nPreview in Chromium (${browser}), chunks of ${PREVIEW_CHUNK_SIZE} statements:`);
    console.log(`  cold open to first diagram (200 segments): ${fmt(performance.now() - t)} (page, bundle, Mermaid, first chunks)`);
    await cold.close();

    console.log('  segments   full mermaid.render   preview update after a one-line edit   ratio');
    const page = await h.page({ init: STUB });
    await page.setViewportSize({ width: 1000, height: 900 });
    let version = 0;
    for (const n of SIZES) {
      const text = flow(n);
      const full = await fullRender(page, toMermaid(analyze(text)).mermaid);
      await show(page, diagram(text, ++version).result);
      // The reader looks where they type: the edited line is on screen.
      const lines = text.split('\n');
      const edited = Math.floor(lines.length / 2);
      await post(page, { type: 'highlight', line: edited });
      await page.waitForSelector('.tf-active');
      lines[edited] = lines[edited].replace(/(PSH\+ACK)/, 'PSH+ACK+URG');
      const { result, ms: serverMs } = diagram(lines.join('\n'), ++version);
      const update = serverMs + (await show(page, result));
      console.log(`  ${String(n).padStart(8)}   ${fmt(full).padStart(19)}   ${fmt(update).padStart(37)}   ${(update / full).toFixed(3)}`);
    }
    await page.close();
  } finally {
    await h.close();
  }

  const mermaid = toMermaid(analyze(flow(200))).mermaid;
  t = performance.now();
  const exporter = await ImageExporter.start(browser, BUNDLE);
  const started = performance.now() - t;
  t = performance.now();
  await exporter.render(mermaid, 'svg', 'light');
  await exporter.render(mermaid, 'png', 'light');
  const ours = performance.now() - t;
  await exporter.close();
  console.log(`  export SVG + PNG, 200 segments: ${fmt(ours)} (+ ${started.toFixed(0)} ms browser start)`);
  const mmdc = spawnSync('mmdc', ['--version'], { encoding: 'utf8' });
  if (mmdc.status !== 0) {
    console.log('  mermaid-cli (mmdc): not installed');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'tcpflow-mmdc-'));
  try {
    writeFileSync(join(dir, 'flow.mmd'), mermaid);
    t = performance.now();
    for (const ext of ['svg', 'png']) spawnSync('mmdc', ['-i', join(dir, 'flow.mmd'), '-o', join(dir, `flow.${ext}`)], { stdio: 'ignore' });
    console.log(`  mermaid-cli (mmdc) SVG + PNG:   ${fmt(performance.now() - t)} (two runs, each with its own browser)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
