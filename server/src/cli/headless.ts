// Headless Chromium for SVG and PNG: the browser installed on the machine
// (never a download), driven by playwright-core, drawing with the same bundle
// (dist/webview.js) as the preview. The page is served from an origin that
// exists only inside the browser; every other request is refused.
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { ExportTheme, ImageFormat } from '../../../client/webview/messages';
import { pageHtml } from '../../../client/webview/page';
import { leftByDeadProcess, undoOnInterrupt } from '../files/cleanup';

const ORIGIN = 'http://tcpflow.localhost';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const FIXED = [
  '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

const executable = (p: string) => {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The browser to use: the explicit path, else TCPFLOW_BROWSER, else a Chromium or Chrome on the machine. */
export function findBrowser(explicit?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = explicit || env.TCPFLOW_BROWSER;
  if (chosen) return executable(chosen) ? chosen : undefined;
  const onPath = (env.PATH ?? '').split(delimiter).filter(Boolean).flatMap((dir) => NAMES.map((n) => join(dir, n)));
  return [...FIXED, ...onPath].find(executable);
}

export const NO_BROWSER = 'no Chromium-based browser found: install Chromium (Debian: apt-get install chromium), '
  + 'or give its path with --browser PATH or the TCPFLOW_BROWSER environment variable';

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** `tcpflow-chromium-PID-XXXXXX`: the browser's profile and Playwright's artifacts, named after the process that owns them. */
const PROFILE = /^tcpflow-chromium-(\d+)-/;

/** Removes the profiles of processes that were killed before they could remove them. */
function sweepStaleProfiles(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) if (leftByDeadProcess(name, PROFILE)) rmSync(join(tmpdir(), name), { recursive: true, force: true });
}

export interface PageOptions {
  /** Runs before the bundle: the tests use it to stand in for the VS Code API. */
  readonly init?: string;
}

/** One browser, any number of pages with the bundle loaded. */
export class Headless {
  /** URLs the pages tried to load and were refused: a page must fetch nothing. */
  readonly refused: string[] = [];

  private constructor(
    private readonly context: BrowserContext,
    private readonly folder: string,
    private readonly bundle: string,
    private readonly done: () => void,
  ) {}

  static async launch(browserPath: string, bundlePath: string): Promise<Headless> {
    const bundle = readFileSync(bundlePath, 'utf8');
    const { chromium } = await import('playwright-core');
    sweepStaleProfiles();
    const folder = mkdtempSync(join(tmpdir(), `tcpflow-chromium-${process.pid}-`));
    const removeFolder = () => rmSync(folder, { recursive: true, force: true });
    let context: BrowserContext | undefined;
    // Interrupted: the browser first (it writes to its profile until it ends), then the folder.
    const done = undoOnInterrupt(async () => {
      await context?.close().catch(() => undefined);
      removeFolder();
    });
    try {
      // Signals are tcpflow's to handle (cleanup.ts): it closes the browser itself.
      context = await chromium.launchPersistentContext(join(folder, 'profile'), {
        executablePath: browserPath,
        headless: true,
        args: ARGS,
        // In the one folder tcpflow removes (Playwright's own would outlive an interruption).
        artifactsDir: join(folder, 'artifacts'),
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
      return new Headless(context, folder, bundle, done);
    } catch (e) {
      done();
      removeFolder();
      throw e;
    }
  }

  async page(options: PageOptions = {}): Promise<Page> {
    const page = await this.context.newPage();
    const html = pageHtml({ cspSource: ORIGIN, scriptUri: `${ORIGIN}/webview.js`, title: 'tcpflow' });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url === `${ORIGIN}/`) return route.fulfill({ contentType: 'text/html', body: html });
      if (url === `${ORIGIN}/webview.js`) return route.fulfill({ contentType: 'text/javascript', body: this.bundle });
      this.refused.push(url);
      return route.abort('blockedbyclient');
    });
    if (options.init) await page.addInitScript(options.init);
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(() => !!window.tcpflow);
    return page;
  }

  async close(): Promise<void> {
    try {
      await this.context.close();
    } finally {
      rmSync(this.folder, { recursive: true, force: true });
      this.done();
    }
  }
}

/** Renders diagrams to image files' bytes on one page of one browser. */
export class ImageExporter {
  private constructor(private readonly headless: Headless, private readonly page: Page) {}

  static async start(browserPath: string, bundlePath: string): Promise<ImageExporter> {
    const headless = await Headless.launch(browserPath, bundlePath);
    try {
      return new ImageExporter(headless, await headless.page());
    } catch (e) {
      await headless.close();
      throw e;
    }
  }

  async render(mermaid: string, format: ImageFormat, theme: ExportTheme): Promise<Buffer> {
    const data = await this.page.evaluate(([m, f, t]) => window.tcpflow!.exportImage(m, f, t), [mermaid, format, theme] as const);
    return format === 'png' ? Buffer.from(data, 'base64') : Buffer.from(data, 'utf8');
  }

  close(): Promise<void> {
    return this.headless.close();
  }
}
