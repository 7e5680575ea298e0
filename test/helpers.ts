// Shared by the tests: the repository's folders, finding example files, a
// compact text form of diagnostics, golden files and prerequisites.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { TestContext } from 'node:test';
import { analyze, type Analysis } from '../server/src/language/analysis';
import type { Diagnostic } from '../server/src/language/check/diagnostic';
import { segmentText } from '../server/src/language/describe';
import { STATE_NAMES } from '../server/src/language/tcp/states';

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
