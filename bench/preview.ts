// The preview and the image export in headless Chromium, each row beside its
// anchor measured in the same run (bench/anchors.ts): a full render against
// bare `mermaid.render` of the same diagram, `tcpflow export` and the cold
// open of a preview against bare Mermaid's, an SVG+PNG export against
// mermaid-cli, and the preview's update after a one-line edit (the chunks on
// screen only) against its budget. Each time is the best of REPEAT, taken in
// turns with its anchor's; ratios, not times, are what compare across runs on
// a shared machine.
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
import { exchangeFlow } from './generate';
import { BareMermaid, MermaidCli } from './anchors';
import { largeFlowRows } from './preview-large';

const ROOT = join(__dirname, '..');
const BUNDLE = join(ROOT, 'dist', 'webview.js');
const BIN = join(ROOT, 'bin', 'tcpflow.js');
const REPEAT = 3;
export const STUB = `window.__posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => { window.__posted.push(m); if (window.__host) void window.__host(m); }, getState: () => undefined, setState: () => {} });`;

/** A handshake then request/response data segments: `n` segment lines in all, titled. */
export const flow = (n: number): string => `title "Preview benchmark"\n${exchangeFlow(n)}`;

const mermaidOf = (text: string) => toMermaid(analyze(text)).mermaid;

/** The language server's part: analysis and Mermaid text, and its time. */
function diagram(text: string, version: number): { result: DiagramResult; ms: number } {
  const t = performance.now();
  const d = toMermaid(analyze(text), { chunkSize: PREVIEW_CHUNK_SIZE });
  return { result: { version, ...d, syntaxErrors: [] }, ms: performance.now() - t };
}

export const post = (page: Page, message: ToWebview) => page.evaluate((m) => window.postMessage(m, '*'), message);

async function show(page: Page, result: DiagramResult): Promise<number> {
  await post(page, { type: 'diagram', result });
  const h = await page.waitForFunction((v) => (window as unknown as { __posted: FromWebview[] }).__posted
    .find((m) => m.type === 'rendered' && m.version === v), result.version, { timeout: 600_000 });
  return ((await h.jsonValue()) as { ms: number }).ms;
}

/** Our full render (the export path: Mermaid, then the standalone SVG): ms. */
const fullRender = (page: Page, mermaid: string) => page.evaluate(async (m) => {
  const t = performance.now();
  await window.tcpflow!.exportImage(m, 'svg', 'light');
  return performance.now() - t;
}, mermaid);

export interface Row {
  readonly measure: string;
  readonly ours: number;
  readonly anchor?: number;
  readonly anchorName: string;
  /** The goal: a ratio to the anchor, a time in ms, or at most so much in the row's unit. */
  readonly goal: { ratio: number } | { ms: number } | { max: number };
  /** What the figures count: milliseconds unless said. */
  readonly unit?: Unit;
}

type Unit = 'ms' | 'bytes' | 'elements';

const ms = (n: number) => `${n.toFixed(0)} ms`;
const UNITS: Record<Unit, (n: number) => string> = {
  ms,
  bytes: (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(1)} kB`),
  elements: (n) => `${n.toFixed(0)} el.`,
};

function print(rows: readonly Row[]): void {
  const cells = rows.map((r) => {
    const show = UNITS[r.unit ?? 'ms'];
    const ratio = r.anchor ? r.ours / r.anchor : undefined;
    const g = r.goal;
    const met = 'ratio' in g ? ratio !== undefined && ratio <= g.ratio : r.ours <= ('ms' in g ? g.ms : g.max);
    const goal = 'ratio' in g ? `≤ ${g.ratio}×` : `≤ ${'ms' in g ? ms(g.ms) : show(g.max)}`;
    return [r.measure, show(r.ours), r.anchor === undefined ? '—' : `${show(r.anchor)} ${r.anchorName}`, ratio === undefined ? '' : `${ratio.toFixed(2)}×`, goal, met ? 'met' : 'NOT MET'];
  });
  const head = ['measure', 'tcpflow', 'anchor', 'ratio', 'goal', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  for (const line of [head, ...cells]) console.log(`  ${line.map((c, i) => (i === 1 || i === 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ')}`.trimEnd());
}

/** The best time of REPEAT runs of each, taken in turns. */
async function bestOf(ours: () => number | Promise<number>, anchor?: () => number | Promise<number>): Promise<{ ours: number; anchor?: number }> {
  const times = { ours: [] as number[], anchor: [] as number[] };
  for (let i = 0; i < REPEAT; i++) {
    times.ours.push(await ours());
    if (anchor) times.anchor.push(await anchor());
  }
  return { ours: Math.min(...times.ours), anchor: anchor && Math.min(...times.anchor) };
}

/**
 * A full render in a fresh page (Mermaid caches the sizes of texts it
 * measured), warmed up on a small diagram that is not the one measured.
 */
async function freshRender(open: () => Promise<Page>, render: (page: Page, text: string) => Promise<number>, text: string): Promise<number> {
  const page = await open();
  await render(page, mermaidOf(flow(20).replace(/GET/g, 'PUT')));
  const t = await render(page, text);
  await page.close();
  return t;
}

async function fullRenders(h: Headless, bare: BareMermaid, n: number): Promise<Row> {
  const text = mermaidOf(flow(n));
  const t = await bestOf(() => freshRender(() => h.page(), fullRender, text), () => freshRender(() => bare.page(), BareMermaid.render, text));
  return { measure: `full render, ${n} segments`, ...t, anchorName: 'bare mermaid.render', goal: { ratio: 1.2 } };
}

/** A whole `tcpflow export --format svg` process: ms. */
function exportProcess(file: string, dir: string): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'export', file, '--format', 'svg', '-o', join(dir, 'out.svg'), '--force'], { encoding: 'utf8' });
  const t = performance.now() - start;
  if (r.status !== 0) throw new Error(`tcpflow export failed: ${r.stderr}`);
  return t;
}

async function coldOpen(h: Headless, text: string): Promise<number> {
  const start = performance.now();
  const page = await h.page({ init: STUB });
  await page.setViewportSize({ width: 1000, height: 900 });
  await show(page, diagram(text, 1).result);
  const t = performance.now() - start;
  await page.close();
  return t;
}

/**
 * The preview's update after a one-line edit where the reader looks (the
 * edited line is on screen), server part included: the best of REPEAT edits
 * at different places, ms.
 */
async function editUpdate(h: Headless, n: number): Promise<number> {
  const page = await h.page({ init: STUB });
  await page.setViewportSize({ width: 1000, height: 900 });
  const lines = flow(n).split('\n');
  let version = 1;
  await show(page, diagram(lines.join('\n'), version).result);
  const times: number[] = [];
  for (let i = 1; i <= REPEAT; i++) {
    const edited = Math.floor((lines.length * i) / (REPEAT + 1));
    await post(page, { type: 'highlight', line: edited });
    await page.waitForSelector('.tf-active');
    lines[edited] = lines[edited].replace(/(PSH\+ACK)/, 'PSH+ACK+URG');
    const { result, ms: serverMs } = diagram(lines.join('\n'), ++version);
    times.push(serverMs + (await show(page, result)));
  }
  await page.close();
  return Math.min(...times);
}

/** SVG then PNG of one diagram on an exporter already started (its browser start is not counted): ms. */
async function svgAndPng(browser: string, mermaid: string): Promise<number> {
  const exporter = await ImageExporter.start(browser, BUNDLE);
  try {
    const start = performance.now();
    await exporter.render(mermaid, 'svg', 'light');
    await exporter.render(mermaid, 'png', 'light');
    return performance.now() - start;
  } finally {
    await exporter.close();
  }
}

export async function previewBench(): Promise<void> {
  const browser = findBrowser();
  if (!browser) {
    console.log('\nPreview: no Chromium or Chrome on this machine (install chromium or set TCPFLOW_BROWSER): skipped');
    return;
  }
  const mmdc = MermaidCli.create(browser);
  const dir = mkdtempSync(join(tmpdir(), 'tcpflow-bench-export-'));
  const h = await Headless.launch(browser, BUNDLE);
  const bare = await BareMermaid.launch(browser);
  const rows: Row[] = [];
  try {
    console.log(`\nPreview and export in Chromium (${browser}), chunks of ${PREVIEW_CHUNK_SIZE} statements, best of ${REPEAT}, each beside its anchor in this run:`);
    for (const n of [1000, 3000]) rows.push(await fullRenders(h, bare, n));

    const files = [10, 1000].map((n) => {
      const file = join(dir, `flow-${n}.tcpflow`);
      writeFileSync(file, flow(n));
      return file;
    });
    const mmd = [mermaidOf(flow(10)), mermaidOf(flow(1000))];
    const large = await bestOf(() => exportProcess(files[1], dir), mmdc && (() => mmdc.run(mmd[1], 'svg')));
    const small = await bestOf(() => exportProcess(files[0], dir), mmdc && (() => mmdc.run(mmd[0], 'svg')));
    rows.push({
      measure: 'tcpflow export --format svg, 1000 − 10 segments', ours: large.ours - small.ours,
      anchor: mmdc && large.anchor! - small.anchor!, anchorName: 'mmdc', goal: { ratio: 1.5 },
    });

    const text200 = flow(200);
    const mermaid200 = mermaidOf(text200);
    rows.push({ measure: 'preview cold open to the first diagram, 200 segments', ...(await bestOf(() => coldOpen(h, text200), () => bare.coldOpen(mermaid200))), anchorName: 'bare page + render', goal: { ratio: 1.5 } });
    rows.push({
      measure: 'export SVG + PNG, 200 segments, browser up', ...(await bestOf(() => svgAndPng(browser, mermaid200), mmdc && (() => mmdc.run(mermaid200, 'svg') + mmdc.run(mermaid200, 'png')))),
      anchorName: 'mmdc (2 processes)', goal: { ms: 1000 },
    });

    for (const n of [1000, 3000]) rows.push({ measure: `preview update after a one-line edit, ${n} segments`, ours: await editUpdate(h, n), anchorName: '', goal: { ms: 100 } });
    rows.push(...(await largeFlowRows(h, bare)));
  } finally {
    await h.close();
    await bare.close();
    mmdc?.close();
    rmSync(dir, { recursive: true, force: true });
  }
  print(rows);
  if (!mmdc) console.log('  mermaid-cli (mmdc) is not installed (npm ci installs it): its rows have no anchor');
}
