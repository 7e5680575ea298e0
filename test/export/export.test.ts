// `tcpflow export` as users run it (the built bin), and the atomic write under
// it: SVG is well-formed XML with every participant and arrow label, PNG is a
// PNG of a plausible size, Markdown is pinned by a golden file, an existing
// file is never replaced without --force, and a failed write leaves nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { nodeWriteOps, writeAtomic, type WriteOps } from '../../server/src/files/atomicWrite';
import { findBrowser, type Headless } from '../../server/src/cli/headless';
import { analyze } from '../../server/src/language/analysis';
import { toMermaid } from '../../server/src/language/mermaid';
import { assertGolden, EXAMPLES, ROOT } from '../helpers';
import { launch, SKIP_NO_BROWSER } from '../preview/browser';

const BIN = join(ROOT, 'bin', 'tcpflow.js');
const tmp = mkdtempSync(join(tmpdir(), 'tcpflow-export-'));

function tcpflow(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [BIN, 'export', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 180_000, env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The participants' names and the arrows' labels as the diagram shows them (entity codes decoded, lines joined). */
function expectedTexts(file: string): string[] {
  const mermaid = toMermaid(analyze(readFileSync(file, 'utf8'))).mermaid;
  const decode = (s: string) => s.replace(/<br\/>/g, ' ').replace(/#(\d+);/g, (_, c) => String.fromCodePoint(Number(c)));
  return mermaid.split('\n').flatMap((l) => {
    const m = /^\s*participant \S+ as (.*)$/.exec(l) ?? /^\s*P\d+(?:->>|-x)P\d+: (.*)$/.exec(l);
    return m ? [decode(m[1])] : [];
  });
}

const squash = (s: string) => s.replace(/\s+/g, '');
const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

describe('tcpflow export', () => {
  it('writes Markdown as the golden file says, and Mermaid text', () => {
    const out = join(tmp, 'md');
    const r = tcpflow(['examples/article-handshake-teardown.tcpflow', 'examples/errors/two-way-handshake.tcpflow', '--format', 'md', '-o', out]);
    assert.equal(r.code, 0, r.stderr);
    for (const name of ['article-handshake-teardown', 'two-way-handshake']) {
      assertGolden(join(ROOT, 'test', 'golden', 'mermaid', `${name}.md`), readFileSync(join(out, `${name}.md`), 'utf8'));
    }
    const mmd = tcpflow(['examples/lost-syn.tcpflow', '--format', 'mmd', '-o', '-']);
    assert.equal(mmd.code, 0);
    assert.equal(mmd.stdout, toMermaid(analyze(readFileSync(join(EXAMPLES, 'lost-syn.tcpflow'), 'utf8'))).mermaid);
  });

  it('never replaces an existing file without --force', () => {
    const target = join(tmp, 'existing.mmd');
    writeFileSync(target, 'keep me');
    const r = tcpflow(['examples/abort.tcpflow', '--format', 'mmd', '-o', target]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /exists; not replaced \(use --force/);
    assert.equal(readFileSync(target, 'utf8'), 'keep me');
    assert.equal(tcpflow(['examples/abort.tcpflow', '--format', 'mmd', '-o', target, '--force']).code, 0);
    assert.match(readFileSync(target, 'utf8'), /^sequenceDiagram\n/);
    assert.deepEqual(leftovers(tmp), []);
  });

  it('refuses bad usage and a missing browser with exit 2', () => {
    assert.equal(tcpflow(['examples/abort.tcpflow', '--format', 'gif']).code, 2);
    assert.equal(tcpflow(['examples/abort.tcpflow', '--format', 'svg', '-o', '-']).code, 2);
    assert.equal(tcpflow(['examples/abort.tcpflow', 'examples/lost-syn.tcpflow', '--format', 'mmd', '-o', '-']).code, 2);
    const none = tcpflow(['examples/abort.tcpflow', '--format', 'png', '--browser', join(tmp, 'no-such-browser')]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no-such-browser: not an executable browser/);
    assert.equal(findBrowser(undefined, { PATH: '', TCPFLOW_BROWSER: join(tmp, 'nothing') }), undefined);
  });

  describe('SVG and PNG (headless Chromium)', { skip: SKIP_NO_BROWSER }, () => {
    let h: Headless;
    let page: Page;
    before(async () => {
      h = await launch();
      page = await h.page();
    });
    after(() => h?.close());

    it('writes well-formed SVG with every participant and every arrow label, several files with one browser', async () => {
      const out = join(tmp, 'svg');
      const files = ['http-request.tcpflow', 'simultaneous-open.tcpflow', 'errors/two-way-handshake.tcpflow'];
      const r = tcpflow([...files.map((f) => `examples/${f}`), '--format', 'svg', '--theme', 'dark', '-o', out]);
      assert.equal(r.code, 0, r.stderr);
      for (const f of files) {
        const svg = readFileSync(join(out, f.replace(/^.*\//, '').replace('.tcpflow', '.svg')), 'utf8');
        const parsed = await page.evaluate((s) => {
          const doc = new DOMParser().parseFromString(s, 'image/svg+xml');
          return { error: doc.querySelector('parsererror')?.textContent ?? null, root: doc.documentElement.localName, text: doc.documentElement.textContent ?? '' };
        }, svg);
        assert.equal(parsed.error, null, `${f} is well-formed XML`);
        assert.equal(parsed.root, 'svg');
        for (const t of expectedTexts(join(EXAMPLES, f))) assert.ok(squash(parsed.text).includes(squash(t)), `${f} shows ${t}`);
      }
      assert.deepEqual(leftovers(out), []);
    });

    it('writes a PNG of a plausible size', () => {
      const target = join(tmp, 'flow.png');
      const r = tcpflow(['examples/article-handshake-teardown.tcpflow', '--format', 'png', '-o', target]);
      assert.equal(r.code, 0, r.stderr);
      const png = readFileSync(target);
      assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      assert.equal(png.toString('latin1', 12, 16), 'IHDR');
      const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
      assert.ok(width >= 1000 && width <= 4000, `width ${width}`);
      assert.ok(height >= 1000 && height <= 8000, `height ${height}`);
    });
  });
});

describe('atomic write', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcpflow-atomic-'));

  it('writes the whole file and leaves no temporary file', async () => {
    await writeAtomic(nodeWriteOps, join(dir, 'a.txt'), Buffer.from('whole'), false);
    assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'whole');
    assert.deepEqual(readdirSync(dir), ['a.txt']);
  });

  it('does not replace an existing file unless asked', async () => {
    await assert.rejects(writeAtomic(nodeWriteOps, join(dir, 'a.txt'), Buffer.from('other'), false), { code: 'EEXIST' });
    assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'whole');
    await writeAtomic(nodeWriteOps, join(dir, 'a.txt'), Buffer.from('other'), true);
    assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'other');
    assert.deepEqual(readdirSync(dir), ['a.txt']);
  });

  it('leaves neither a partial file nor the temporary file when writing fails', async () => {
    const failing: WriteOps<string> = {
      ...nodeWriteOps,
      write: async (path, data) => {
        await writeFile(path, data.subarray(0, 3));
        throw new Error('disk full');
      },
    };
    await assert.rejects(writeAtomic(failing, join(dir, 'b.txt'), Buffer.from('never whole'), false), /disk full/);
    assert.deepEqual(readdirSync(dir), ['a.txt']);
  });

  it('writes content given in pieces as they come, with or without a file system that takes pieces', async () => {
    const produce = async (write: (piece: Uint8Array | string) => void) => {
      write('é'.repeat(40_000)); // more than a block, in two-byte characters
      write(new Uint8Array([0x21, 0x0a]));
      for (let i = 0; i < 1000; i++) write(`${i}\n`);
    };
    const expected = Buffer.concat([Buffer.from('é'.repeat(40_000)), Buffer.from('!\n'), Buffer.from(Array.from({ length: 1000 }, (_, i) => `${i}\n`).join(''))]);
    let wholeWrites = 0;
    const whole: WriteOps<string> = {
      ...nodeWriteOps,
      writePieces: undefined,
      write: (path, data, mode) => {
        wholeWrites++;
        return nodeWriteOps.write(path, data, mode);
      },
    };
    for (const [name, ops] of [['pieces.txt', nodeWriteOps], ['whole.txt', whole]] as const) {
      await writeAtomic(ops, join(dir, name), produce, false);
      assert.deepEqual(readFileSync(join(dir, name)), expected, name);
    }
    assert.equal(wholeWrites, 1, 'gathered for the file system that takes whole files');
    rmSync(join(dir, 'pieces.txt'));
    rmSync(join(dir, 'whole.txt'));
    assert.deepEqual(readdirSync(dir), ['a.txt']);
  });

  it('keeps the previous file and leaves no temporary file when the producer fails in the middle', async () => {
    for (const ops of [nodeWriteOps, { ...nodeWriteOps, writePieces: undefined }]) {
      let written: number[] = [];
      await assert.rejects(writeAtomic(ops, join(dir, 'a.txt'), (write) => {
        write('x'.repeat(200_000));
        written = readdirSync(dir).filter((n) => n.endsWith('.tmp')).map((n) => statSync(join(dir, n)).size);
        throw new Error('cannot draw');
      }, true), /cannot draw/);
      assert.deepEqual(written, ops === nodeWriteOps ? [200_000] : [], 'in the temporary file as it comes, or gathered first');
      assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'other');
      assert.deepEqual(readdirSync(dir), ['a.txt']);
    }
  });

  it('leaves the target and no temporary file when the final move fails', async () => {
    mkdirSync(join(dir, 'folder', 'inside'), { recursive: true });
    await assert.rejects(writeAtomic(nodeWriteOps, join(dir, 'folder'), Buffer.from('x'), true));
    assert.deepEqual(readdirSync(dir).sort(), ['a.txt', 'folder']);
    assert.deepEqual(readdirSync(join(dir, 'folder')), ['inside']);
  });
});
