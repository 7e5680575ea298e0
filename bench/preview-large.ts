// A preview of a very large flow (an imported capture of 100 000 segments)
// beside the same preview of a 200-segment flow, both in this run: the
// language server's work for the diagram request and the size of what it
// posts, the time from posting to the first screen drawn, and after scrolling
// from top to bottom the DOM's size, the JS heap and the time of a scroll step
// (against bare Mermaid drawing one chunk).
import type { Page } from 'playwright-core';
import type { Headless } from '../server/src/cli/headless';
import { analyze } from '../server/src/language/analysis';
import { chunkedDiagram, toMermaid } from '../server/src/language/mermaid';
import { PREVIEW_CHUNK_SIZE, type FromWebview, type ToWebview } from '../client/webview/messages';
import { BareMermaid } from './anchors';
import { flow, post, STUB, type Row } from './preview';

const LARGE = 100_000;
const SMALL = 200;
/** Scroll positions from the top to the bottom, evenly spaced. */
const STEPS = 40;

interface Opened {
  readonly page: Page;
  /** The server's work until the first screen (the outline and the chunks asked for), ms, and the size of its messages to the webview, bytes. */
  readonly serverMs: number;
  readonly bytes: number;
  /** From posting the diagram to the first screen drawn, ms. */
  readonly firstScreenMs: number;
}

/**
 * Opens a preview of a flow as the panel does: the outline, then the chunks
 * the preview asks for, each answered as the server does (the analysis is the
 * document's, made before the request: not counted).
 */
async function open(h: Headless, text: string): Promise<Opened> {
  const page = await h.page({ init: STUB });
  await page.setViewportSize({ width: 1000, height: 900 });
  const a = analyze(text);
  const work = { ms: 0, bytes: 0 };
  const serve = <T>(make: () => T): T => {
    const t = performance.now();
    const message = make();
    work.ms += performance.now() - t;
    work.bytes += Buffer.byteLength(JSON.stringify(message));
    return message;
  };
  const d = serve(() => chunkedDiagram(a, { chunkSize: PREVIEW_CHUNK_SIZE }));
  await page.exposeFunction('__host', (m: FromWebview) => {
    if (m.type !== 'chunks') return;
    const reply = serve((): ToWebview => ({ type: 'chunks', result: { version: m.version, chunks: m.chunks.map((i) => d.chunk(i)).filter((c) => c !== undefined) } }));
    void post(page, reply);
  });
  const outline = serve((): ToWebview => ({ type: 'outline', result: { version: 1, title: d.title, participants: d.participants, chunkLines: d.chunkLines, errors: d.errors, syntaxErrors: [] } }));
  const start = performance.now();
  await post(page, outline);
  await page.waitForFunction(() => (window as unknown as { __posted: FromWebview[] }).__posted.some((m) => m.type === 'rendered'), undefined, { timeout: 600_000 });
  return { page, serverMs: work.ms, bytes: work.bytes, firstScreenMs: performance.now() - start };
}

/** True when the chunks at the top, middle and bottom of the view are drawn. */
const screenDrawn = () => {
  const scroller = document.getElementById('scroller')!;
  const r = scroller.getBoundingClientRect();
  const x = r.left + 40;
  return [r.top + 2, (r.top + r.bottom) / 2, r.bottom - 2].every((y) => {
    const chunk = document.elementsFromPoint(x, y).find((e) => e.classList.contains('chunk'));
    return !chunk || !!chunk.querySelector('svg');
  });
};

const median = (times: number[]) => times.sort((a, b) => a - b)[Math.floor(times.length / 2)];

/** Scrolls to a fraction of the whole height, or by a fraction of a screen; waits for the screen to be drawn: ms. */
async function step(page: Page, to: { readonly at: number } | { readonly by: number }): Promise<number> {
  const start = performance.now();
  await page.evaluate((to) => {
    const s = document.getElementById('scroller')!;
    s.scrollTop = 'at' in to ? to.at * (s.scrollHeight - s.clientHeight) : s.scrollTop + to.by * s.clientHeight;
  }, to);
  await page.waitForFunction(screenDrawn, undefined, { timeout: 120_000, polling: 'raf' });
  return performance.now() - start;
}

/** Scrolls from the top to the bottom in STEPS jumps, then a screen at a time from the middle: the median of each, ms. */
async function scrollThrough(page: Page): Promise<{ jump: number; page: number }> {
  const jumps: number[] = [];
  for (let i = 1; i <= STEPS; i++) jumps.push(await step(page, { at: i / STEPS }));
  await step(page, { at: 0.5 });
  const pages: number[] = [];
  for (let i = 0; i < STEPS / 2; i++) pages.push(await step(page, { by: 0.9 }));
  return { jump: median(jumps), page: median(pages) };
}

/** The page's DOM elements and its JS heap after a garbage collection, bytes. */
async function footprint(page: Page): Promise<{ elements: number; heap: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const elements = await page.evaluate(() => document.getElementsByTagName('*').length);
  return { elements, heap: metrics.find((m) => m.name === 'JSHeapUsedSize')!.value };
}

interface Measured extends Opened {
  readonly stepMs: { jump: number; page: number };
  readonly elements: number;
  readonly heap: number;
}

async function measure(h: Headless, n: number): Promise<Measured> {
  const opened = await open(h, flow(n));
  const stepMs = await scrollThrough(opened.page);
  const f = await footprint(opened.page);
  await opened.page.close();
  return { ...opened, stepMs, ...f };
}

/** Bare Mermaid drawing one chunk of the large flow (in a warmed page), ms: the work a scroll step cannot avoid. */
async function bareChunk(bare: BareMermaid, chunk: string): Promise<number> {
  const page = await bare.page();
  await BareMermaid.render(page, chunk.replace(/GET/g, 'PUT'));
  const t = await BareMermaid.render(page, chunk);
  await page.close();
  return t;
}

export async function largeFlowRows(h: Headless, bare: BareMermaid): Promise<Row[]> {
  const small = await measure(h, SMALL);
  const large = await measure(h, LARGE);
  const chunk = toMermaid(analyze(flow(200)), { chunkSize: PREVIEW_CHUNK_SIZE }).chunks[5];
  const oneChunk = await bareChunk(bare, chunk);
  const vs = `${SMALL} segments`;
  const label = (what: string) => `${what}, ${LARGE / 1000}k segments`;
  return [
    { measure: label('diagram requests to the first screen, server work'), ours: large.serverMs, anchor: small.serverMs, anchorName: vs, goal: { ms: 300 } },
    { measure: label('messages to the webview to the first screen'), ours: large.bytes, anchor: small.bytes, anchorName: vs, goal: { max: 1e6 }, unit: 'bytes' },
    { measure: label('post to first screen drawn'), ours: large.firstScreenMs, anchor: small.firstScreenMs, anchorName: vs, goal: { ms: 1000 } },
    { measure: label('scroll jump (median of a top-to-bottom pass)'), ours: large.stepMs.jump, anchor: oneChunk, anchorName: 'bare mermaid, 1 chunk', goal: { ratio: 4 } },
    { measure: label('scroll by a screen (median)'), ours: large.stepMs.page, anchor: oneChunk, anchorName: 'bare mermaid, 1 chunk', goal: { ratio: 2 } },
    { measure: label('DOM after scrolling top to bottom'), ours: large.elements, anchor: small.elements, anchorName: vs, goal: { ratio: 2 }, unit: 'elements' },
    { measure: label('JS heap after scrolling top to bottom'), ours: large.heap, anchor: small.heap, anchorName: vs, goal: { ratio: 3 }, unit: 'bytes' },
  ];
}
