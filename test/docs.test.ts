// The documentation's examples are tests: every ```tcpflow block checks exactly
// as its `# expect: TFnnn` annotations say (every severity, by line); a block
// labelled **Wrong** under a `## TFnnn` heading produces that code; a **Right**
// block has no error or warning. `<!-- check: --strict -->` before a fence sets options.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../server/src/language/analysis';
import { severityOptions } from '../server/src/cli/commands/check';
import { ROOT, expectations } from './helpers';

interface Block {
  readonly line: number;
  readonly body: string;
  readonly args: string[];
  readonly label: string;
  readonly section?: string;
}

function blocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```tcpflow') continue;
    let j = i + 1;
    while (j < lines.length && lines[j].trim() !== '```') j++;
    const before = lines.slice(0, i).reverse();
    const args = /<!--\s*check:\s*(.*?)\s*-->/.exec(before.slice(0, 3).find((l) => l.includes('<!-- check:')) ?? '')?.[1].split(/\s+/).filter(Boolean) ?? [];
    const label = before.find((l) => l.trim() && !l.trim().startsWith('<!--'))?.trim() ?? '';
    const heading = before.find((l) => l.startsWith('## '));
    out.push({ line: i + 2, body: lines.slice(i + 1, j).join('\n') + '\n', args, label, section: /^## (TF\d{3})/.exec(heading ?? '')?.[1] });
    i = j;
  }
  return out;
}

function optionsOf(args: string[]) {
  const severity: string[] = [];
  args.forEach((a, i) => a === '--severity' && severity.push(args[i + 1]));
  return severityOptions(args.includes('--strict'), severity);
}

for (const doc of ['docs/language.md', 'docs/diagnostics.md']) {
  describe(doc, () => {
    const all = blocks(readFileSync(join(ROOT, doc), 'utf8'));
    it('has examples', () => assert.ok(all.length >= 10));
    for (const b of all) {
      it(`block at line ${b.line}${b.section ? ` (${b.section})` : ''}`, () => {
        const a = analyze(b.body);
        const diags = a.diagnostics(optionsOf(b.args));
        const actual = new Map<number, string[]>();
        for (const d of diags) {
          const line = a.lines.position(d.start).line + 1;
          actual.set(line, [...(actual.get(line) ?? []), d.code].sort());
        }
        assert.deepEqual(Object.fromEntries(actual), Object.fromEntries(expectations(b.body)));
        if (b.label.startsWith('**Right')) assert.ok(!diags.some((d) => d.severity === 'error' || d.severity === 'warning'));
        if (b.label.startsWith('**Wrong') && b.section) assert.ok(diags.some((d) => d.code === b.section), `produces ${b.section}`);
      });
    }
  });
}
