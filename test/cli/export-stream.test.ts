// `tcpflow export --format md -o FILE` writes its Markdown into the file as it
// is drawn, as `-o -` prints it: the same bytes, and no more memory than
// printing takes, however large the flow.
import assert from 'node:assert/strict';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { generateFlow } from '../../bench/generate';
import { runExport } from '../../server/src/cli/commands/export';
import type { CliIO } from '../../server/src/cli/io';
import { EXAMPLES, flowFiles, ROOT } from '../helpers';
import { scratch, write } from './run';

const dir = scratch('export-stream');
after(() => rmSync(dir, { recursive: true, force: true }));

/** The CLI in this process: its exit code, standard output and errors. */
async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => Buffer.alloc(0), cwd: dir };
  return { code: await runExport(args, io), stdout, stderr };
}

/** Exports `input` with `options` to standard output and to a file, and returns both. */
async function bothWays(input: string, options: string[]) {
  const printed = await run([input, '--format', 'md', '-o', '-', ...options]);
  const target = join(dir, 'out.md');
  const written = await run([input, '--format', 'md', '-o', target, '--force', ...options]);
  assert.deepEqual([printed.code, printed.stderr, written.code, written.stderr], [0, '', 0, ''], input);
  return { printed: Buffer.from(printed.stdout), written: readFileSync(target) };
}

describe('export --format md to a file', () => {
  it('writes the bytes that -o - prints, for every example, a part of it and the arrow options', async () => {
    const examples = flowFiles(EXAMPLES);
    assert.ok(examples.length >= 20);
    for (const input of examples) {
      const { printed, written } = await bothWays(input, []);
      assert.ok(written.length > 0);
      assert.deepEqual(written, printed, input);
    }
    for (const options of [['--lines', '3-9'], ['--inferred', '--timestamps', '--labels', 'explicit']]) {
      const { printed, written } = await bothWays(join(EXAMPLES, 'lost-data.tcpflow'), options);
      assert.deepEqual(written, printed, options.join(' '));
    }
  });

  it('writes a flow drawn in many pieces (several MB of Markdown) whole', async () => {
    const input = write(dir, 'large.tcpflow', generateFlow(3e6));
    const { printed, written } = await bothWays(input, []);
    assert.ok(written.length > 4e6, `${written.length} bytes`);
    assert.deepEqual(written, printed);
  });

  it('leaves no file, temporary file or folder of its own when a part draws nothing', async () => {
    const input = write(dir, 'flow.tcpflow', readFileSync(join(EXAMPLES, 'article-handshake-teardown.tcpflow'), 'utf8'));
    mkdirSync(join(dir, 'kept'));
    for (const target of [join(dir, 'new', 'deeper', 'part.md'), join(dir, 'kept', 'part.md')]) {
      const r = await run([input, '--format', 'md', '-o', target, '--lines', '1-3']);
      assert.deepEqual([r.code, r.stderr], [1, `tcpflow export: ${target}: nothing to draw on lines 1–3: no segment, note or event starts there\n`]);
    }
    assert.deepEqual(readdirSync(join(dir, 'kept')), []);
    assert.ok(!readdirSync(dir).includes('new'));
  });
});

describe('export --format md of a large flow to a file', () => {
  // Peak memory of the built CLI, each run a fresh process. A small heap keeps
  // garbage from hiding what is held; the output is not held on the heap but in
  // buffers outside it, so the measure is the process's peak RSS, against
  // printing the same Markdown (which holds none of it).
  const HEAP_MB = 128;
  const RUN_CLI = `require(process.argv[1]).main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
    process.stderr.write(JSON.stringify({ maxRss: process.resourceUsage().maxRSS * 1024 }));
  });`;
  const cli = (args: string[], stdout: number | 'ignore') => {
    const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '-e', RUN_CLI, join(ROOT, 'dist', 'cli.js'), ...args], { stdio: ['ignore', stdout, 'pipe'], encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 0, `${args.join(' ')}: status ${r.status}, signal ${r.signal}: ${r.stderr.slice(-600)}`);
    return (JSON.parse(r.stderr) as { maxRss: number }).maxRss;
  };

  it(`takes no more memory than printing it (about 300,000 lines, ${HEAP_MB} MB of heap)`, (t) => {
    const text = generateFlow(22e6);
    assert.ok(text.split('\n').length > 290_000);
    const input = write(dir, 'huge.tcpflow', text);
    const printedPath = join(dir, 'printed.md');
    const out = openSync(printedPath, 'w');
    let printing: number;
    try {
      printing = cli(['export', input, '--format', 'md', '-o', '-', '--max-size', '100M'], out);
    } finally {
      closeSync(out);
    }
    const target = join(dir, 'huge.md');
    const writing = cli(['export', input, '--format', 'md', '-o', target, '--max-size', '100M'], 'ignore');
    const written = readFileSync(target);
    assert.ok(written.length > 40e6, `${written.length} bytes of Markdown`);
    assert.ok(written.equals(readFileSync(printedPath)), 'the file holds what is printed');
    // Holding the Markdown would take its size at least (twice, to join it).
    const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
    const figures = `peak RSS ${mb(writing)} writing the file, ${mb(printing)} printing ${mb(written.length)}`;
    t.diagnostic(figures);
    assert.ok(writing < printing + written.length / 4, figures);
  });
});
