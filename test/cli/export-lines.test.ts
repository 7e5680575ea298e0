// `tcpflow export --lines A-B` (a part of a flow) in every format, its usage
// errors, the part suggested for a PNG too large; and the progress of a batch
// export: a line per file on a terminal, nothing otherwise.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runExport } from '../../server/src/cli/commands/export';
import type { CliIO } from '../../server/src/cli/io';
import { linesIn, parseLines, tooLargeWithPart } from '../../server/src/cli/lines';
import { analyze } from '../../server/src/language/analysis';
import { toMarkdown, toMermaid, type DiagramElement } from '../../server/src/language/mermaid';
import { EXAMPLES } from '../helpers';
import { pngBase64 } from '../../client/webview/standalone';
import { SKIP_NO_BROWSER } from '../preview/browser';
import { scratch, tcpflow, write } from './run';

const FILE = join(EXAMPLES, 'article-handshake-teardown.tcpflow');
const TEXT = readFileSync(FILE, 'utf8');

describe('tcpflow export --lines', () => {
  it('writes the part in mmd and md, as the core draws it', () => {
    const a = analyze(TEXT);
    const mmd = tcpflow(['export', FILE, '--format', 'mmd', '-o', '-', '--lines', '7-9']);
    assert.deepEqual([mmd.code, mmd.stderr, mmd.stdout], [0, '', toMermaid(a, { lines: { from: 7, to: 9 } }).mermaid]);
    const md = tcpflow(['export', FILE, '--format', 'md', '-o', '-', '--lines', '12-']);
    assert.deepEqual([md.code, md.stderr], [0, '']);
    assert.equal(md.stdout, toMarkdown(a, { lines: { from: 12, to: 14 }, fileName: 'article-handshake-teardown.tcpflow' }));
    const one = tcpflow(['export', FILE, '--format', 'mmd', '-o', '-', '--lines=-4']);
    assert.equal(one.stdout, toMermaid(a, { lines: { from: 1, to: 4 } }).mermaid);
    assert.match(one.stdout, /title .*\(lines 1–4\)\n {2}P0->>P1: SYN\(ISN_Client\)\n/);
  });

  it('refuses a malformed, reversed or zero range, and one outside the file, in one line with exit 2', () => {
    for (const bad of ['x', '9-7', '0-3', '-', '1-2-3', ' 4', '4x']) {
      const r = tcpflow(['export', FILE, '--format', 'mmd', '-o', '-', `--lines=${bad}`]);
      assert.deepEqual([r.code, r.stdout, r.stderr], [2, '', `tcpflow export: --lines must be A-B with 1 ≤ A ≤ B, not '${bad}'\n`]);
    }
    for (const outside of ['15', '3-15', '20-']) {
      const r = tcpflow(['export', FILE, '--format', 'mmd', '-o', '-', '--lines', outside]);
      assert.deepEqual([r.code, r.stdout], [2, '']);
      assert.match(r.stderr, new RegExp(`^tcpflow export: .*article-handshake-teardown\\.tcpflow: --lines ${outside} is outside its 14 lines\n$`));
    }
    const dash = tcpflow(['export', FILE, '--format', 'mmd', '--lines', '-4']);
    assert.deepEqual([dash.code, dash.stderr], [2, 'tcpflow export: --lines needs a value: one that starts with - is written --lines=VALUE\n']);
  });

  it('refuses --lines with --diagram states', () => {
    const r = tcpflow(['export', FILE, '--format', 'mmd', '--diagram', 'states', '--lines', '4-6']);
    assert.deepEqual([r.code, r.stderr], [2, 'tcpflow export: --lines draws a part of the sequence diagram, not of --diagram states\n']);
  });

  it('says so, and writes no file, when the lines hold nothing to draw', () => {
    const dir = scratch('lines-empty');
    const flow = write(dir, 'flow.tcpflow', TEXT);
    for (const format of ['md', 'mmd']) {
      const r = tcpflow(['export', flow, '--format', format, '--lines', '1-3']);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `tcpflow export: ${join(dir, `flow.${format}`)}: nothing to draw on lines 1–3: no segment, note or event starts there\n`);
      assert.equal(existsSync(join(dir, `flow.${format}`)), false);
    }
    const out = tcpflow(['export', flow, '--format', 'mmd', '-o', '-', '--lines', '2']);
    assert.deepEqual([out.code, out.stdout, out.stderr], [1, '', `tcpflow export: ${flow}: nothing to draw on line 2: no segment, note or event starts there\n`]);
  });

  describe('in SVG (headless Chromium)', { skip: SKIP_NO_BROWSER }, () => {
    it('draws the part only, titled with its lines', () => {
      const dir = scratch('lines-svg');
      const r = tcpflow(['export', FILE, '--format', 'svg', '-o', join(dir, 'part.svg'), '--lines', '7-9']);
      assert.deepEqual([r.code, r.stderr], [0, '']);
      const svg = readFileSync(join(dir, 'part.svg'), 'utf8');
      assert.match(svg, /lines 7–9/);
      assert.match(svg, /CLOSE_WAIT/);
      assert.doesNotMatch(svg, /SYN_SENT|ISN_Client \+ 1/);
    });
  });
});

describe('the --lines value', () => {
  it('reads A-B, A-, -B and N', () => {
    assert.deepEqual(parseLines('40-120'), { from: 40, to: 120, text: '40-120' });
    assert.deepEqual(parseLines('40-'), { from: 40, to: undefined, text: '40-' });
    assert.deepEqual(parseLines('-7'), { from: 1, to: 7, text: '-7' });
    assert.deepEqual(parseLines('5'), { from: 5, to: 5, text: '5' });
    assert.equal(parseLines(undefined), undefined);
    assert.throws(() => parseLines('99999999999999999999'), /--lines must be A-B/);
  });

  it('counts the lines of a file as editors number them', () => {
    for (const [text, count] of [['a\nb\n', 2], ['a\nb', 2], ['a\r\nb\r\n', 2], ['a\rb\r\rc', 4], ['\n', 1]] as const) {
      assert.deepEqual(linesIn(parseLines('1-')!, 'f', text), { from: 1, to: count }, JSON.stringify(text));
      assert.throws(() => linesIn(parseLines(`${count + 1}`)!, 'f', text), new RegExp(`^Error: f: --lines ${count + 1} is outside its ${count} lines?$`));
    }
    assert.throws(() => linesIn(parseLines('1')!, 'f', ''), /outside its 0 lines/);
  });
});

describe('the part suggested for a PNG too tall', () => {
  const elements = (lines: number[]): DiagramElement[] => lines.map((line, i) => ({ index: i, kind: 'arrow', line, chunk: 0, indexInChunk: i, error: false }));
  const rows = elements(Array.from({ length: 1000 }, (_, i) => i + 9));
  /** The browser's refusal of a PNG of this size (it refuses before it draws: no browser needed), as Playwright passes it on. */
  const refusal = async (width: number, height: number) => {
    const e = await pngBase64({ xml: '', width, height }, 'white').then(() => assert.fail('refused'), (x: Error) => x);
    return new Error(`page.evaluate: Error: ${e.message}`);
  };

  it('holds the share of the rows that fits at full size, from the first drawn line', async () => {
    assert.equal(tooLargeWithPart(await refusal(800, 355_000), rows)?.message,
      'the diagram is 800×355000 px, too large for a PNG (at most 32000 px a side): export it as SVG, or a part of the flow that fits, such as --lines 10-90');
    assert.match(tooLargeWithPart(await refusal(800, 1_000_000_000), rows)!.message, /such as --lines 10-10$/);
    assert.match(tooLargeWithPart(await refusal(800, 100_000), [])!.message, /a part of the flow with --lines A-B$/);
  });

  it('is no answer to another error', () => {
    assert.equal(tooLargeWithPart(new Error('page.evaluate: Target closed'), rows), undefined);
    assert.equal(tooLargeWithPart('the diagram is 1×2 px', rows), undefined);
  });
});

describe('the progress of a batch export', () => {
  async function run(args: string[], stderrIsTTY: boolean | undefined, cwd: string) {
    let stderr = '';
    const io: CliIO = { stdout: () => {}, stderr: (t) => void (stderr += t), readStdin: async () => Buffer.alloc(0), cwd, stderrIsTTY };
    return { code: await runExport(args, io), stderr };
  }

  it('is a line per file on a terminal, nothing otherwise; errors are always shown', async () => {
    const dir = scratch('progress');
    for (const name of ['a', 'b', 'c']) write(dir, `${name}.tcpflow`, 'A -> B : SYN seq=1\n');
    const files = ['a.tcpflow', 'b.tcpflow', 'c.tcpflow'];
    const tty = await run([...files, '--format', 'mmd', '-o', 'out'], true, dir);
    assert.deepEqual(tty, { code: 0, stderr: '[1/3] a.tcpflow -> out/a.mmd\n[2/3] b.tcpflow -> out/b.mmd\n[3/3] c.tcpflow -> out/c.mmd\n' });
    for (const notTTY of [false, undefined]) {
      const quiet = await run([...files, '--format', 'mmd', '-o', 'quiet', '--force'], notTTY, dir);
      assert.deepEqual(quiet, { code: 0, stderr: '' });
      assert.ok(files.every((f) => existsSync(join(dir, 'quiet', f.replace('.tcpflow', '.mmd')))));
    }
    const again = await run([...files, '--format', 'mmd', '-o', 'out'], false, dir);
    assert.equal(again.code, 1);
    assert.equal(again.stderr.split('\n').filter((l) => /exists; not replaced/.test(l)).length, 3);
  });
});
