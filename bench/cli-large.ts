// The CLI on a flow of about 10^6 lines (72 MB): `tcpflow check`, `states` and
// `export --format md` (printed, or into a file) read it in pieces and write as
// they go, so their memory stays bounded; against a process that only reads the
// file and scans its characters, in the same run. Each run is a fresh process
// running the built CLI (dist/cli.js), its peak RSS its own.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFlow } from './generate';

const CLI = join(__dirname, '..', 'dist', 'cli.js');

/** Reads the file and classifies every character the way a lexer would (the baseline). */
const SCAN = `
const text = require('node:fs').readFileSync(process.argv[1], 'utf8');
let boundaries = 0, prev = 0;
for (let i = 0; i < text.length; i++) {
  const c = text.charCodeAt(i);
  const cls = c === 10 ? 1 : c === 32 || c === 9 ? 2 : (c >= 48 && c <= 57) ? 3 : ((c | 32) >= 97 && (c | 32) <= 122) || c === 95 ? 4 : 5;
  if (cls !== prev) boundaries++;
  prev = cls;
}
if (boundaries < 0) console.log(boundaries);
`;

/** The CLI's main in a fresh process, its output discarded. */
const RUN_CLI = `
require(process.argv[1]).main(process.argv.slice(3)).then((code) => {
  require('node:fs').writeFileSync(process.argv[2], JSON.stringify({ code, maxRss: process.resourceUsage().maxRSS * 1024 }));
});
`;

interface Run {
  readonly ms: number;
  readonly peakRss: number;
}

/** `piped`: standard output is a pipe this process reads (else it is discarded). */
function measure(args: string[], report?: string, { piped = false } = {}): Run {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', piped ? 'pipe' : 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return { ms, peakRss: report ? JSON.parse(readFileSync(report, 'utf8')).maxRss : 0 };
}

export async function cliLargeBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tcpflow-bench-'));
  try {
    const file = join(dir, 'large.tcpflow');
    const text = generateFlow(72e6);
    writeFileSync(file, text);
    const lines = text.split('\n').length;
    const report = join(dir, 'report.json');
    const scan = measure(['-e', `${SCAN};require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify({ maxRss: process.resourceUsage().maxRSS * 1024 }))`, file], report);
    const cli = (...args: string[]) => measure(['-e', RUN_CLI, CLI, report, ...args, '--max-size', '200M', file], report);
    const check = cli('check');
    const states = cli('states');
    const md = cli('export', '--format', 'md', '-o', '-');
    const mdFile = cli('export', '--format', 'md', '-o', join(dir, 'large.md'));
    // The same flow from a capture that missed the server's first data segment: a finding on most lines after it, the report read through a pipe.
    const gapped = join(dir, 'gapped.tcpflow');
    writeFileSync(gapped, text.replace(/^(\S+ Server) -> (Client : PSH\+ACK)/m, '$1 -x $2'));
    const piped = measure(['-e', RUN_CLI, CLI, report, 'check', '--max-size', '200M', gapped], report, { piped: true });
    const mb = (n: number) => `${(n / 1e6).toFixed(0).padStart(6)} MB`;
    const s = (n: number) => `${(n / 1000).toFixed(2).padStart(7)} s`;
    console.log(`\nCLI on a flow of ${lines.toLocaleString('en')} lines (${(text.length / 1e6).toFixed(0)} MB), fresh processes:`);
    console.log(`  read + character scan     ${s(scan.ms)}  peak RSS ${mb(scan.peakRss)}  (baseline)`);
    const row = (name: string, r: Run, goal: string) => console.log(`  ${name.padEnd(25)} ${s(r.ms)}  peak RSS ${mb(r.peakRss)}  ${(r.ms / scan.ms).toFixed(1).padStart(4)}× the scan  (goal: ${goal})`);
    row('tcpflow check', check, '≤ 2.5×, < 700 MB');
    row('tcpflow states', states, 'linear, < 1 GB');
    row('tcpflow export md -o -', md, 'linear, < 1 GB');
    row('tcpflow export md -o FILE', mdFile, 'as -o -');
    row('check, missed segment, |', piped, '< 700 MB: the report waits for its reader');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
