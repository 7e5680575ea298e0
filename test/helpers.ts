// Shared by the tests: the repository's folders, finding example files, a
// compact text form of diagnostics, golden files and prerequisites.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { TestContext } from 'node:test';
import { analyze, type Analysis } from '../server/src/language/analysis';
import type { Diagnostic } from '../server/src/language/check/diagnostic';
import { segmentText } from '../server/src/language/describe';
import { formatNum, type Num } from '../server/src/language/tcp/seqnum';
import { STATE_NAMES } from '../server/src/language/tcp/states';
import type { TcbSnapshot } from '../server/src/language/tcp/tcb';

export const ROOT = join(__dirname, '..');
export const EXAMPLES = join(ROOT, 'examples');

export function flowFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...flowFiles(p));
    else if (e.name.endsWith('.tcpflow')) out.push(p);
  }
  return out.sort();
}

/** `TF301 error 7:28-7:37 message`, 1-based lines and columns. */
export function diagnosticLine(a: Analysis, d: Diagnostic): string {
  const s = a.lines.position(d.start);
  const e = a.lines.position(d.end);
  return `${d.code} ${d.severity} ${s.line + 1}:${s.character + 1}-${e.line + 1}:${e.character + 1} ${d.message}`;
}

/** The `# expect: TF301 TF405` annotations of a file, by 1-based line. */
export function expectations(text: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  text.split('\n').forEach((line, i) => {
    const m = /#\s*expect:\s*((?:TF\d{3}\s*)+)/.exec(line);
    if (m) out.set(i + 1, m[1].trim().split(/\s+/).sort());
  });
  return out;
}

/** CI (`CI=true`) runs every test: there a missing prerequisite is a failure, never a skip. */
export const CI = process.env.CI === 'true';

/**
 * Guards a test that needs a tool or a file. `missing` is false when it is
 * there, else what is missing and how to get it. Returns true when the test
 * may run; outside CI a missing prerequisite skips the test (and says why).
 */
export function prerequisite(t: TestContext, missing: string | false): boolean {
  if (!missing) return true;
  if (CI) assert.fail(`${missing} (CI=true: a missing prerequisite fails the test)`);
  t.skip(missing);
  return false;
}

/** node:test's `skip` option for a whole suite that needs `missing`: never skipped under CI, where its `before` calls requirePresent. */
export const skipOutsideCi = (missing: string | false): string | false => (CI ? false : missing);

/** Fails when a prerequisite is missing (the suite-level half of prerequisite()). */
export function requirePresent(missing: string | false): void {
  if (missing) assert.fail(`${missing} (CI=true: a missing prerequisite fails the test)`);
}

/**
 * Compares `actual` with a committed golden file. A missing golden fails: it
 * is written only by `npm run golden:update` (UPDATE_GOLDEN=1), which a
 * reviewer runs and whose result is reviewed in the diff; CI never writes one.
 */
export function assertGolden(golden: string, actual: string): void {
  const name = relative(ROOT, golden);
  if (process.env.UPDATE_GOLDEN === '1') {
    if (CI) assert.fail('UPDATE_GOLDEN=1 under CI=true: goldens are written on a developer machine and reviewed, never by CI');
    mkdirSync(dirname(golden), { recursive: true });
    writeFileSync(golden, actual);
  }
  assert.ok(existsSync(golden), `${name} is missing: run \`npm run golden:update\`, review the new file and commit it`);
  assert.equal(actual, readFileSync(golden, 'utf8'), `${name} differs (after reviewing the change: \`npm run golden:update\`)`);
}

/**
 * What the checker concludes from a flow, as the checker tests compare it:
 * every error/warning/info code (sorted), both final states in endpoint order,
 * what the receiver did with the last segment and that segment as resolved
 * (flags with the implied ones, seq, ack, len).
 */
export function replay(flow: string, strict = false) {
  const a = analyze(flow);
  const codes = a.diagnostics({ strict }).filter((d) => d.severity !== 'hint').map((d) => d.code).sort();
  const steps = a.result.steps;
  const states = steps.length ? steps[steps.length - 1].after.map((t) => STATE_NAMES[t.state]).join(' ') : '';
  const last = [...steps].reverse().find((s) => s.segment);
  return { codes, states, outcome: last?.outcome ?? '', segment: last?.segment ? segmentText(last.segment) : '' };
}

/**
 * Everything a check yields for a flow, as text for a golden file: each
 * diagnostic with its range, message, related locations and fixes; each
 * inference (hint label and the text it would insert); each step's outcome
 * and both TCBs after it (state and numbers). Lines and columns are 1-based.
 */
export function checkReport(flow: string, strict = false): string {
  const a = analyze(flow);
  const at = (offset: number) => {
    const p = a.lines.position(offset);
    return `${p.line + 1}:${p.character + 1}`;
  };
  const span = (s: { start: number; end: number }) => `${at(s.start)}-${at(s.end)}`;
  const out: string[] = [];
  for (const d of a.diagnostics({ strict })) {
    out.push(`${d.code} ${d.severity} ${span(d)} ${d.message}`);
    for (const r of d.related ?? []) out.push(`  related ${span(r)} ${r.message}`);
    for (const f of d.fixes ?? []) {
      const edits = f.edits.map((e) => `${span(e)} ${JSON.stringify(e.newText)}`).join(', ');
      out.push(`  fix${f.preferred ? ' (preferred)' : ''} ${JSON.stringify(f.title)}: ${edits}`);
    }
    if (d.tags?.length) out.push(`  tags ${d.tags.join(' ')}`);
  }
  for (const i of a.result.inferences) out.push(`hint ${i.kind} ${at(i.offset)} ${JSON.stringify(i.label)}${i.insert === undefined ? '' : ` insert ${JSON.stringify(i.insert)}`}`);
  const num = (n: Num | undefined) => (n === undefined ? '?' : formatNum(n));
  const tcb = (t: TcbSnapshot) => `${STATE_NAMES[t.state]} (ISS ${num(t.iss)} UNA ${num(t.sndUna)} NXT ${num(t.sndNxt)} IRS ${num(t.irs)} RCV ${num(t.rcvNxt)})`;
  for (const s of a.result.steps) out.push(`step ${s.n} line ${at(s.stmt.start).split(':')[0]}${s.outcome ? ` ${s.outcome}` : ''}: ${s.after.map(tcb).join(', ')}`);
  for (const [name, sym] of a.result.symbols) out.push(`symbol ${name} = ${sym.value} (${sym.uses.length} uses)`);
  return out.join('\n');
}
