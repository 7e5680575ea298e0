// The end-to-end tests: what a user does with the extension in VS Code, step
// by step, in one workbench. Each test opens what it needs, so a failure does
// not hide the tests after it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/language/analysis';
import { inlayHints, MAX_HINT_LENGTH } from '../../server/src/language/services/inlayHints';
import { FLAG_MEANINGS } from '../../server/src/language/services/meanings';
import { expectations, ROOT } from '../helpers';
import type { Fixtures } from './session';
import { until, type Problem, type Workbench } from './workbench';

export interface Context {
  readonly workbench: Workbench;
  /** The workbench's log folder (the extension host's and the extension's output channels). */
  readonly logs: string;
  /** Saves a screenshot of a step within the test (the runner saves one at its end). */
  snap(step: string): Promise<void>;
}

export interface E2eTest {
  /** Names the screenshot. */
  readonly id: string;
  readonly name: string;
  run(ctx: Context): Promise<void>;
}

const ARTICLE = 'article-handshake-teardown.tcpflow';
const ERRORS = 'errors/wrong-handshake-numbers.tcpflow';
const NAMES = 'errors/names.tcpflow';
const COMPLETION = 'e2e-completion.tcpflow';

/**
 * Files the tests add to the workspace. The completion fixture asserts on line 3
 * the state only the completed line 2 reaches: its TF306 is shown first, and
 * goes once the server has checked the completed text.
 */
export const FIXTURES: Fixtures = { [COMPLETION]: 'Client -> Server : SYN seq=100\n\nClient: ESTABLISHED\n' };

const example = (path: string) => readFileSync(join(ROOT, 'examples', path), 'utf8');
const lines = (path: string) => example(path).split('\n');
const base = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** 1-based line and column of the first occurrence of `needle` in a line that contains `inLine`. */
export function position(path: string, inLine: string, needle: string): { line: number; column: number } {
  const i = lines(path).findIndex((l) => l.includes(inLine));
  assert.ok(i >= 0, `${path} has no line with ${inLine}`);
  return { line: i + 1, column: lines(path)[i].indexOf(needle) + 1 };
}

/** 1-based lines of the segments (arrows) of an example, in order. */
export function segmentLines(path: string): number[] {
  return lines(path).flatMap((l, i) => (/-[>x]/.test(l.replace(/(#|\/\/).*$/, '')) ? [i + 1] : []));
}

const problemsOf = async (wb: Workbench, path: string): Promise<Problem[]> => (await wb.problems()).filter((p) => p.file === base(path));

/** `line code` of every diagnostic the Problems panel lists for a text (hints are not listed). */
function rowsOf(text: string): string[] {
  const a = analyze(text);
  return a.diagnostics().filter((d) => d.severity !== 'hint').map((d) => `${a.lines.position(d.start).line + 1} ${d.code}`).sort();
}

/**
 * Waits until the Problems panel lists exactly `expected` for a file, and
 * returns them. An absence is asserted only after this: an empty panel (not
 * yet updated, or filtered) cannot pass for a file whose diagnostics are gone.
 */
const problemRows = (wb: Workbench, path: string, expected: readonly string[], what: string): Promise<string[]> =>
  until(what, async () => {
    const got = (await problemsOf(wb, path)).map((p) => `${p.line} ${p.code}`).sort();
    return got.length === expected.length && got.every((g, i) => g === expected[i]) ? got : undefined;
  });

/** The hover on the first `needle` of the article's line that holds `inLine`. */
async function hoverOn(wb: Workbench, inLine: string, needle: string): Promise<string> {
  await wb.openFile(ARTICLE);
  const { line, column } = position(ARTICLE, inLine, needle);
  await wb.goTo(line, column + 1);
  return wb.hover();
}

async function openPreview(wb: Workbench, path: string): Promise<void> {
  await wb.openFile(path);
  await wb.page.keyboard.press('Control+K');
  await wb.page.keyboard.press('V');
  await arrows(wb, segmentLines(path).length);
}

/** Waits until the diagram draws `count` arrows. */
export function arrows(wb: Workbench, count: number): Promise<true> {
  return until(`${count} arrows in the preview`, async () => ((await wb.previewArrows().count()) === count ? true : undefined));
}

/** Runs "Export Diagram…", picks the format (and theme), saves where the save dialog proposes; returns the file's text. */
async function exportAs(wb: Workbench, format: string, theme: string | undefined, extension: string): Promise<string> {
  await wb.command('tcpflow: Export Diagram…');
  await wb.pick(format);
  if (theme) await wb.pick(theme);
  // code-server's save dialog is a quick input holding the path: beside the flow, with the format's extension.
  const input = wb.page.locator('.quick-input-box input');
  const target = await until('the save dialog', async () => {
    const path = await input.inputValue();
    return path.startsWith('/') && path.endsWith(`.${extension}`) ? path : undefined;
  });
  await wb.page.keyboard.press('Enter');
  await until(`${target} to be written`, async () => (existsSync(target) ? true : undefined));
  return readFileSync(target, 'utf8');
}

export const TESTS: readonly E2eTest[] = [
  {
    id: 'language-mode',
    name: 'an example opens in the tcpflow language mode',
    async run({ workbench: wb }) {
      const { aliases } = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { languages: { aliases: string[] }[] } }).contributes.languages[0];
      await wb.openFile(ARTICLE);
      await until(`the language mode ${aliases[0]}`, async () => ((await wb.languageMode()) === aliases[0] ? true : undefined));
    },
  },
  {
    id: 'problems',
    name: "an erroneous example's diagnostics are in the Problems panel with their codes",
    async run({ workbench: wb }) {
      const expected = [...expectations(example(ERRORS))].flatMap(([line, codes]) => codes.map((code) => `${line} ${code}`)).sort();
      assert.ok(expected.length > 0);
      await wb.openFile(ERRORS);
      const shown = await until('the expected problems', async () => {
        const got = (await problemsOf(wb, ERRORS)).map((p) => `${p.line} ${p.code}`).sort();
        return expected.every((e) => got.includes(e)) ? got : undefined;
      });
      assert.deepEqual(shown, expected, 'problems other than the expected ones');
    },
  },
  {
    id: 'hover',
    name: "hovering a segment shows both endpoints' states",
    async run({ workbench: wb }) {
      const text = await hoverOn(wb, 'Client -> Server: SYN', '->');
      // The first SYN: the client goes CLOSED → SYN_SENT, the listening server → SYN_RCVD.
      for (const state of [/CLOSED/, /SYN[_-]SENT/, /LISTEN/, /SYN[_-]R(CVD|ECEIVED)/]) assert.match(text, state);
    },
  },
  {
    id: 'hover-flag',
    name: 'hovering a flag shows the transition first, then the flag',
    async run({ workbench: wb }) {
      const text = await hoverOn(wb, 'Server -> Client: SYN', 'SYN');
      // The SYN+ACK: the client goes SYN_SENT → ESTABLISHED; then what SYN means.
      const transition = text.search(/SYN[_-]SENT → ESTABLISHED/);
      const flag = text.indexOf(FLAG_MEANINGS.SYN);
      assert.ok(transition >= 0 && flag > transition, `the transition, then the flag:\n${text}`);
    },
  },
  {
    id: 'inlay-hints',
    name: 'the article flow has one short state hint per line that changes a state, and its initial states above the first segment',
    async run({ workbench: wb }) {
      await wb.openFile(ARTICLE);
      const a = analyze(example(ARTICLE));
      const expected = new Map(inlayHints(a, { start: 0, end: a.text.length }).map((h) => [a.lines.position(h.offset).line + 1, [h.label]]));
      assert.equal(expected.size, 8, 'the oracle: eight lines change a state');
      const shown = await until('the state hints', async () => {
        const got = await wb.inlayHints();
        return [...expected].every(([line, [label]]) => got.get(line)?.join('') === label) ? got : undefined;
      });
      for (const [line, hints] of shown) {
        assert.equal(hints.length, 1, `line ${line}: ${hints.join(' + ')}`);
        assert.ok(hints[0].length <= MAX_HINT_LENGTH, `line ${line}: '${hints[0]}' is longer than ${MAX_HINT_LENGTH}`);
      }
      assert.deepEqual([...shown.keys()], [...expected.keys()], 'hints only where a state changes');
      const [lens] = await until('the initial states lens', async () => ((await wb.codeLenses()).length ? wb.codeLenses() : undefined));
      assert.equal(lens.trim(), 'Client starts CLOSED │ Server starts LISTEN');
    },
  },
  {
    id: 'quick-fix',
    name: 'a quick fix corrects a misspelt endpoint and its error disappears',
    async run({ workbench: wb, snap }) {
      await wb.openFile(NAMES);
      const { line, column } = position(NAMES, 'Sever', 'Sever');
      const before = rowsOf(example(NAMES));
      assert.ok(before.includes(`${line} TF204`), 'the oracle has TF204 on the misspelt name');
      await problemRows(wb, NAMES, before, 'the problems of the misspelt file, TF204 among them');
      await wb.goTo(line, column + 1);
      await wb.showQuickFixes(/Server/);
      await snap('menu');
      await wb.applyQuickFix(/Server/);
      await until('the corrected line', async () => ((await wb.editorLines())[line - 1]?.includes('Client -> Server :') ? true : undefined));
      // The text as the fix leaves it (the editor's lines carry inlay hints).
      const after = rowsOf(lines(NAMES).map((l, i) => (i === line - 1 ? l.replace('Sever', 'Server') : l)).join('\n'));
      assert.ok(after.length > 0 && !after.some((r) => r.endsWith(' TF204')), `the corrected text keeps its other problems, TF204 gone: ${after.join(', ')}`);
      const shown = await problemRows(wb, NAMES, after, 'the problems of the corrected file');
      assert.ok(!shown.some((r) => r.endsWith(' TF204')), 'TF204 gone');
    },
  },
  {
    id: 'completion',
    name: 'completion offers the legal next segment, with its numbers',
    async run({ workbench: wb, snap }) {
      await wb.openFile(COMPLETION);
      await problemRows(wb, COMPLETION, ['3 TF306'], 'TF306 on the assertion the completion will satisfy');
      await wb.goTo(2, 1);
      const labels = await wb.suggestions();
      // After the client's SYN seq=100: the server's SYN+ACK acknowledging 101.
      const synAck = labels.findIndex((l) => /Server\s*->\s*Client/.test(l) && /SYN/.test(l) && /101/.test(l));
      assert.ok(synAck >= 0, `no SYN+ACK with ack 101 among the suggestions: ${labels.join(' | ')}`);
      await snap('suggestions');
      await wb.page.locator('.suggest-widget.visible .monaco-list-row').nth(synAck).click();
      await until('the accepted suggestion in the text', async () => ((await wb.editorLines())[1]?.match(/Server\s*->\s*Client.*101/) ? true : undefined));
      await until('the Problems panel to list nothing for the completed file', async () => ((await problemsOf(wb, COMPLETION)).length === 0 ? true : undefined));
    },
  },
  {
    id: 'preview',
    name: 'the preview opens to the side with the participants and one arrow per segment',
    async run({ workbench: wb }) {
      await wb.hideSideBarAndPanel();
      await openPreview(wb, ARTICLE);
      const actors = await wb.preview().locator('svg text.actor').allTextContents();
      assert.deepEqual([...new Set(actors.map((a) => a.trim()))].sort(), ['Client', 'Server']);
      assert.equal(await wb.page.locator('.editor-group-container').count(), 2, 'the preview is not beside the text');
    },
  },
  {
    id: 'click-arrow',
    name: 'clicking an arrow moves the cursor to its line',
    async run({ workbench: wb }) {
      await openPreview(wb, ARTICLE);
      const segments = segmentLines(ARTICLE);
      for (const i of [4, 1]) {
        await wb.previewArrows().nth(i).click({ force: true });
        await until(`the cursor on line ${segments[i]}`, async () => ((await wb.cursor()).line === segments[i] ? true : undefined));
      }
    },
  },
  {
    id: 'edit-updates',
    name: 'editing the text updates the diagram',
    async run({ workbench: wb }) {
      await openPreview(wb, ARTICLE);
      // Typing goes to the text, in the first group, not to the preview.
      await wb.page.keyboard.press('Control+1');
      await wb.page.keyboard.press('Control+End');
      // After TIME_WAIT and 2MSL the client is CLOSED and may open again.
      await wb.page.keyboard.insertText('Client -x Server: SYN seq=5000\n');
      await arrows(wb, segmentLines(ARTICLE).length + 1);
      await wb.previewArrows().last().scrollIntoViewIfNeeded();
      await until('the new label', async () => ((await wb.preview().locator('svg .messageText').allTextContents()).some((t) => t.includes('5000')) ? true : undefined));
    },
  },
  {
    id: 'export',
    name: 'Export Diagram writes Markdown and SVG files',
    async run({ workbench: wb }) {
      await wb.openFile(ARTICLE);
      const md = await exportAs(wb, 'Markdown', undefined, 'md');
      assert.match(md, /```mermaid\n[\s\S]*sequenceDiagram[\s\S]*```/);
      assert.match(md, /Three-way handshake and four-way teardown/);
      await wb.openFile(ARTICLE);
      const svg = await exportAs(wb, 'SVG', 'Light', 'svg');
      assert.match(svg, /^(<\?xml[^>]*>\s*)?<svg[\s>]/);
      for (const name of ['Client', 'Server']) assert.ok(svg.includes(`>${name}<`), `the SVG does not show ${name}`);
    },
  },
];
