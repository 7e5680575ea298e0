// What the rendering benchmarks are measured against, in the same run: bare
// Mermaid (its release bundle, node_modules/mermaid/dist/mermaid.min.js, with
// its default settings) in a page of the same browser, and mermaid-cli (mmdc,
// a development dependency) as whole processes, each starting its own browser
// (the machine's Chromium: puppeteer downloads none, see package.json).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Headless } from '../server/src/cli/headless';

const ROOT = join(__dirname, '..');
const MERMAID = join(ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');
const MMDC = join(ROOT, 'node_modules', '.bin', 'mmdc');
/** Settings beyond Mermaid's defaults: only the text size limit, which a large flow exceeds. */
const BARE_CONFIG = { startOnLoad: false, maxTextSize: 50_000_000 };

/** A browser whose pages load bare Mermaid instead of the preview's bundle. */
export class BareMermaid {
  private constructor(private readonly headless: Headless) {}

  static async launch(browser: string): Promise<BareMermaid> {
    return new BareMermaid(await Headless.launch(browser, MERMAID));
  }

  /** A page with Mermaid loaded and initialized (Headless waits for `window.tcpflow`: the init script provides it). */
  async page(): Promise<Page> {
    const page = await this.headless.page({ init: 'window.tcpflow = {};' });
    await page.evaluate((config) => (window as unknown as { mermaid: { initialize(c: object): void } }).mermaid.initialize(config), BARE_CONFIG);
    return page;
  }

  /** `mermaid.render` of a text: ms. */
  static render(page: Page, text: string): Promise<number> {
    return page.evaluate(async (t) => {
      const start = performance.now();
      await (window as unknown as { mermaid: { render(id: string, t: string): Promise<unknown> } }).mermaid.render(`bare-${Math.random().toString(36).slice(2)}`, t);
      return performance.now() - start;
    }, text);
  }

  /** Page load then the first render, as a preview's cold open: ms. */
  async coldOpen(text: string): Promise<number> {
    const start = performance.now();
    const page = await this.page();
    await BareMermaid.render(page, text);
    const ms = performance.now() - start;
    await page.close();
    return ms;
  }

  close(): Promise<void> {
    return this.headless.close();
  }
}

/** mermaid-cli, one process per image, pointed at this browser by a puppeteer configuration file. */
export class MermaidCli {
  private constructor(private readonly dir: string) {}

  /** Undefined when mmdc is not installed (npm ci installs it). */
  static create(browser: string): MermaidCli | undefined {
    if (spawnSync(MMDC, ['--version'], { stdio: 'ignore' }).status !== 0) return undefined;
    const dir = mkdtempSync(join(tmpdir(), 'tcpflow-mmdc-'));
    writeFileSync(join(dir, 'puppeteer.json'), JSON.stringify({ executablePath: browser, args: ['--no-sandbox', '--disable-gpu'] }));
    writeFileSync(join(dir, 'mermaid.json'), JSON.stringify({ maxTextSize: BARE_CONFIG.maxTextSize }));
    return new MermaidCli(dir);
  }

  /** One whole mmdc process drawing a text as `ext`: ms. */
  run(text: string, ext: 'svg' | 'png'): number {
    const input = join(this.dir, 'flow.mmd');
    writeFileSync(input, text);
    const start = performance.now();
    const r = spawnSync(MMDC, ['-q', '-p', join(this.dir, 'puppeteer.json'), '-c', join(this.dir, 'mermaid.json'), '-i', input, '-o', join(this.dir, `flow.${ext}`)], { encoding: 'utf8' });
    const ms = performance.now() - start;
    if (r.status !== 0) throw new Error(`mmdc failed: ${r.stderr}`);
    return ms;
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
