// Drives the VS Code workbench the way a user does: keyboard shortcuts, quick
// open, the command palette, the Problems panel, hovers, menus and the
// preview's webview. Everything waits by polling what is on screen, since the
// machine is shared and timings vary a lot.
import { appendFileSync, writeFileSync } from 'node:fs';
import type { FrameLocator, Locator, Page } from 'playwright-core';

/** Generous: the first activation starts the extension host and the language server on a busy machine. */
export const TIMEOUT = 60_000;

/** Polls `probe` until it returns a value (not undefined), or fails saying what it waited for. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeout = TIMEOUT): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}${last instanceof Error ? ` (last error: ${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface Problem {
  readonly file: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: string;
  /** 1-based, as the panel shows it. */
  readonly line: number;
}

export class Workbench {
  constructor(readonly page: Page, consoleLog: string) {
    writeFileSync(consoleLog, '');
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') appendFileSync(consoleLog, `${m.type()}: ${m.text()}\n`);
    });
  }

  async load(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: TIMEOUT });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: TIMEOUT });
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path });
  }

  /** Opens a quick input with its shortcut, once it has the focus types `text` into it. */
  private async quickInput(shortcut: string, text: string): Promise<void> {
    await this.page.keyboard.press(shortcut);
    await this.page.waitForFunction(() => document.activeElement?.matches('.quick-input-box input'), undefined, { timeout: TIMEOUT });
    await this.page.locator('.quick-input-box input').fill(text);
  }

  /** Accepts the row of the open quick pick whose label is `label` (or matches it). */
  async pick(label: string | RegExp): Promise<void> {
    await this.clickRow(this.page.locator('.quick-input-list .monaco-list-row', { has: this.page.locator('.label-name', { hasText: label }) }));
  }

  /** Runs a command from the command palette by its full title ("tcpflow: Export Diagram…"). */
  async command(title: string): Promise<void> {
    await this.quickInput('Control+Shift+P', `>${title}`);
    await this.clickRow(this.page.locator(`.quick-input-list .monaco-list-row[aria-label^="${title.replace(/"/g, '\\"')}"]`));
  }

  /** Clicks a quick pick row, then parks the mouse where it shows no tooltip in the screenshots. */
  private async clickRow(rows: Locator): Promise<void> {
    await rows.first().click({ timeout: TIMEOUT });
    const { width, height } = this.page.viewportSize()!;
    await this.page.mouse.move(width / 2, height - 8);
  }

  /** Opens a workspace file with quick open (Ctrl+P), as a user types its name; returns when (ms) it was chosen. */
  async openFile(path: string): Promise<number> {
    const name = path.slice(path.lastIndexOf('/') + 1);
    // Into the first group, where the text goes, whichever group (the preview's) has the focus.
    await this.page.keyboard.press('Control+1');
    await this.quickInput('Control+P', path);
    await this.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).waitFor({ timeout: TIMEOUT });
    const chosen = Date.now();
    await this.page.keyboard.press('Enter');
    await this.activeTab(name).waitFor({ timeout: TIMEOUT });
    await this.page.waitForFunction(() => document.activeElement?.closest('.monaco-editor') !== null, undefined, { timeout: TIMEOUT });
    return chosen;
  }

  /** Diagnostics drawn in the active editor (squiggles of any severity). */
  squiggles(): Locator {
    return this.page.locator('.editor-group-container.active .view-overlays [class*="squiggly-"]');
  }

  /** The activation time VS Code measured for an extension (Developer: Show Running Extensions), in ms. */
  async activationMs(name: string): Promise<number> {
    await this.command('Developer: Show Running Extensions');
    const time = this.page.locator(`.runtime-extensions-editor .monaco-list-row[aria-label="${name}"] .activation-time`);
    return until(`the activation time of ${name}`, async () => {
      const m = /(\d+)\s*ms/.exec(await time.innerText());
      return m ? Number(m[1]) : undefined;
    });
  }

  private activeTab(name: string): Locator {
    return this.page.locator('.editor-group-container.active .tab.active', { hasText: name });
  }

  /** Focuses the text editor of the first group by clicking its text, as a user does: a key sent while a webview holds the focus may not reach the workbench. */
  async focusEditor(): Promise<void> {
    await this.page.locator('.editor-group-container').first().locator('.view-lines').click({ position: { x: 5, y: 5 } });
    await this.page.locator('[id="status.editor.selection"]').waitFor({ timeout: TIMEOUT });
  }

  /** Moves the cursor with Go to Line (Ctrl+G), 1-based, and waits until the status bar shows it. */
  async goTo(line: number, column: number): Promise<void> {
    await this.quickInput('Control+G', `:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await until(`the cursor at ${line}:${column}`, async () => {
      const c = await this.cursor();
      return c.line === line && c.column === column ? true : undefined;
    });
  }

  /** The cursor position as the status bar shows it (1-based). */
  async cursor(): Promise<{ line: number; column: number }> {
    const text = await this.page.locator('[id="status.editor.selection"]').innerText({ timeout: TIMEOUT });
    const m = /Ln (\d+), Col (\d+)/.exec(text);
    if (!m) throw new Error(`no cursor position in the status bar: ${text}`);
    return { line: Number(m[1]), column: Number(m[2]) };
  }

  /** The language mode of the active editor, as the status bar shows it. */
  languageMode(): Promise<string> {
    return this.page.locator('[id="status.editor.mode"]').innerText({ timeout: TIMEOUT });
  }

  /** Switches the colour theme with Preferences: Color Theme, by the theme's label ("Dark Modern"), and waits until the workbench wears it. */
  async colorTheme(label: string, kind: 'vs' | 'vs-dark' | 'hc-black' | 'hc-light'): Promise<void> {
    await this.command('Preferences: Color Theme');
    await this.page.waitForFunction(() => document.activeElement?.matches('.quick-input-box input'), undefined, { timeout: TIMEOUT });
    await this.page.locator('.quick-input-box input').fill(label);
    await this.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: label }).waitFor({ timeout: TIMEOUT });
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.monaco-workbench.${kind}`).waitFor({ timeout: TIMEOUT });
  }

  /** Closes the side bar and the panel: room for the text and its preview. */
  async hideSideBarAndPanel(): Promise<void> {
    if (await this.page.locator('.part.sidebar').isVisible()) await this.command('View: Close Primary Side Bar');
    if (await this.page.locator('.part.panel').isVisible()) await this.command('View: Toggle Panel Visibility');
  }

  /** Shows the Problems panel (Ctrl+Shift+M). */
  async showProblems(): Promise<void> {
    if (!(await this.page.locator('.markers-panel').isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await this.page.locator('.markers-panel').waitFor({ timeout: TIMEOUT });
  }

  /** Every row of the Problems panel, read with the panel maximised: the list renders only the rows in view. */
  async problems(): Promise<Problem[]> {
    await this.showProblems();
    await this.command('View: Toggle Maximized Panel');
    try {
      return await this.problemRows();
    } finally {
      await this.command('View: Toggle Maximized Panel');
    }
  }

  private async problemRows(): Promise<Problem[]> {
    // No named functions in here: the bundler's helpers do not exist in the page.
    const rows = await this.page.locator('.markers-panel .monaco-list-row').evaluateAll((els) =>
      els
        .sort((a, b) => parseFloat((a as HTMLElement).style.top) - parseFloat((b as HTMLElement).style.top))
        .map((e) => {
          const [file, code, where] = ['.label-name', '.marker-code', '.marker-line'].map((s) => e.querySelector(s)?.textContent?.trim() ?? '');
          // The label, not the icon: a focused row's icon is a light bulb.
          const label = e.getAttribute('aria-label') ?? '';
          const severity = (['error', 'warning', 'info'] as const).find((s) => label.toLowerCase().startsWith(`${s}:`)) ?? 'error';
          return { level: e.getAttribute('aria-level'), file, severity, code, where };
        }),
    );
    const out: Problem[] = [];
    let file = '';
    for (const { level, where, ...r } of rows) {
      if (level === '1') file = r.file;
      else if (level === '2') out.push({ file, severity: r.severity, code: r.code, line: Number(/Ln (\d+)/.exec(where)?.[1]) });
    }
    return out;
  }

  /** Shows the hover at the cursor (Ctrl+K Ctrl+I) and returns its text. */
  async hover(): Promise<string> {
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+I');
    const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden)').first();
    return until('a hover', async () => {
      const text = (await hover.innerText()).trim();
      return text === '' || /^Loading/.test(text) ? undefined : text;
    });
  }

  /** Opens the quick fixes at the cursor (Ctrl+.) and waits for the one whose title matches. */
  async showQuickFixes(title: RegExp): Promise<void> {
    await this.page.keyboard.press('Control+.');
    await this.codeActions().filter({ hasText: title }).first().waitFor({ timeout: TIMEOUT });
  }

  /** Applies the open menu's quick fix whose title matches, with the keyboard: the menu's pointer block covers it for the mouse. */
  async applyQuickFix(title: RegExp): Promise<void> {
    const rows = this.codeActions();
    for (let i = await rows.count(); i > 0; i--) {
      if (title.test(await rows.and(this.page.locator('.focused')).innerText())) return this.page.keyboard.press('Enter');
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`no quick fix ${title} to focus`);
  }

  private codeActions(): Locator {
    return this.page.locator('.action-widget .monaco-list-row.action');
  }

  /** Triggers completion (Ctrl+Space) and returns the labels of the suggestions. */
  async suggestions(): Promise<string[]> {
    await this.page.keyboard.press('Control+Space');
    const rows = this.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
    await rows.first().waitFor({ timeout: TIMEOUT });
    return rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
  }

  /** The text of the active editor's visible lines, in order. */
  async editorLines(): Promise<string[]> {
    return this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().evaluate((el) =>
      [...el.querySelectorAll<HTMLElement>('.view-line')]
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ')),
    );
  }

  /**
   * The inlay hints of the active editor's visible lines, by 1-based line: the
   * text of each injected span that is not a blank (a hint's padding is a
   * blank span of its own).
   */
  async inlayHints(): Promise<Map<number, string[]>> {
    const rows = await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().evaluate((el) =>
      [...el.querySelectorAll<HTMLElement>('.view-line')]
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .map((l) => [...l.querySelectorAll<HTMLElement>('span[class*="dyn-rule-"]')].map((s) => (s.textContent ?? '').replace(/\u00a0/g, ' ')).filter((t) => t.trim() !== '')),
    );
    const first = await this.firstVisibleLine();
    return new Map(rows.flatMap((hints, i) => (hints.length ? [[first + i, hints] as [number, string[]]] : [])));
  }

  /** The 1-based number of the first visible line of the active editor. */
  private async firstVisibleLine(): Promise<number> {
    const numbers = await this.page.locator('.editor-group-container.active .monaco-editor .line-numbers').allTextContents();
    return Math.min(...numbers.map(Number).filter((n) => n > 0));
  }

  /** The code lenses of the active editor, in order. */
  async codeLenses(): Promise<string[]> {
    return this.page.locator('.editor-group-container.active .monaco-editor .codelens-decoration').allTextContents();
  }

  /** The content of the preview's webview (a webview is two nested iframes). */
  preview(): FrameLocator {
    return this.page.locator('iframe.webview.ready').first().contentFrame().locator('#active-frame').contentFrame();
  }

  /** The arrows of the diagram, in all of its chunks. */
  previewArrows(): Locator {
    return this.preview().locator('svg .messageLine0, svg .messageLine1');
  }
}
