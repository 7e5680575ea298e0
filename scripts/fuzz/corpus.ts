// The seeds the mutators start from: every example flow and every capture fixture.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p, keep));
    else if (keep(e.name)) out.push(p);
  }
  return out.sort();
}

export interface Corpus {
  readonly texts: readonly string[];
  readonly captures: readonly Uint8Array[];
}

export function loadCorpus(root = ROOT): Corpus {
  const texts = filesUnder(join(root, 'examples'), (n) => n.endsWith('.tcpflow')).map((f) => readFileSync(f, 'utf8'));
  const captures = filesUnder(join(root, 'test', 'fixtures', 'captures'), (n) => !n.endsWith('.md')).map((f) => new Uint8Array(readFileSync(f)));
  return { texts, captures };
}
