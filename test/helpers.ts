// Shared by the tests: the repository's folders, finding example files, and a
// compact text form of diagnostics for golden files.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Analysis } from '../server/src/language/analysis';
import type { Diagnostic } from '../server/src/language/check/diagnostic';

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
