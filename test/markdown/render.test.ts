// Markdown documents: ```tcpflow blocks are found as CommonMark finds fences,
// their diagnostics land at their line and column in the document, rendering
// keeps every source block and is idempotent, and `tcpflow render` fails an
// illegal flow at its document line, writes nothing then, and --check only checks.
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../server/src/language/analysis';
import { findFences } from '../../server/src/language/markdown/fences';
import { GENERATED_MARK, renderDocument } from '../../server/src/language/markdown/render';
import { LineIndex } from '../../server/src/language/text';
import { scratch, tcpflow } from '../cli/run';
import { EXAMPLES, flowFiles, ROOT } from '../helpers';

const flows = flowFiles(EXAMPLES).map((f) => readFileSync(f, 'utf8'));
const clean = flows.filter((t) => !analyze(t).diagnostics().some((d) => d.severity === 'error'));
const faulty = flows.filter((t) => analyze(t).diagnostics().some((d) => d.severity === 'error'));

/** A fenced block of `text`, indented and fenced as given. */
const fenced = (text: string, lang: string, indent: number, marker: string) => {
  const pad = ' '.repeat(indent);
  return [`${pad}${marker}${lang}`, ...text.replace(/\n$/, '').split('\n').map((l) => (l ? pad + l : l)), `${pad}${marker}`].join('\n') + '\n';
};

const piece = fc.oneof(
  fc.constantFrom('# Title\n', 'Some text, `code` and ~tildes~.\n', '\n', '- a list item\n', '<!-- a comment -->\n', '    indented code\n'),
  fc.record({ flow: fc.constantFrom(...clean), indent: fc.integer({ min: 0, max: 3 }), marker: fc.constantFrom('```', '~~~', '````') })
    .map(({ flow, indent, marker }) => fenced(flow, 'tcpflow', indent, marker)),
  fc.constantFrom(fenced('graph TD\n  A --> B\n', 'mermaid', 0, '```'), fenced('```tcpflow\nnot a block\n```\n', 'markdown', 0, '````')),
);
const documents = fc.record({ pieces: fc.array(piece, { maxLength: 8 }), crlf: fc.boolean(), lastNewline: fc.boolean() }).map(({ pieces, crlf, lastNewline }) => {
  const doc = pieces.join('').replace(/\n$/, lastNewline ? '\n' : '');
  return crlf ? doc.replace(/\n/g, '\r\n') : doc;
});

/** The document without the blocks tcpflow generated (and the blank line before each). */
const withoutGenerated = (doc: string) => doc.replace(new RegExp(`\\r?\\n${GENERATED_MARK}\\r?\\n(?:.*\\r?\\n)*?\`\`\`\\r?\\n`, 'g'), '');

describe('Markdown fences', () => {
  it('finds fences as CommonMark: indentation, tildes, longer closing fences, a fence inside another', () => {
    const doc = '  ~~~~tcpflow extra\n  A -> B : SYN\n ~~~~~~\n````markdown\n```tcpflow\nX\n```\n````\n```tcpflow\nunclosed';
    const f = findFences(doc);
    assert.deepEqual(f.map((x) => [x.lang, x.openLine, x.indent, x.closed]), [['tcpflow', 0, 2, true], ['markdown', 3, 0, true], ['tcpflow', 8, 0, false]]);
    assert.equal(f[0].text, 'A -> B : SYN\n');
  });

  it('renders idempotently and keeps every source block as it was', () => {
    fc.assert(
      fc.property(documents, (doc) => {
        const once = renderDocument(doc).text;
        assert.equal(renderDocument(once).text, once);
        const sources = (d: string) => findFences(d).filter((f) => f.lang === 'tcpflow').map((f) => f.text);
        assert.deepEqual(sources(once), sources(doc));
        assert.equal(findFences(once).filter((f) => f.lang === 'mermaid').length - findFences(doc).filter((f) => f.lang === 'mermaid').length, sources(doc).length);
      }),
      { numRuns: 150 },
    );
  });

  it('replaces a generated block that was edited, and nothing else', () => {
    const doc = `Intro\n\n${fenced(clean[0], 'tcpflow', 0, '```')}\nOutro\n`;
    const once = renderDocument(doc).text;
    const edited = once.replace(/sequenceDiagram/, 'sequenceDiagram\n  Note over P0: edited by hand');
    assert.equal(renderDocument(edited).text, once);
    assert.equal(withoutGenerated(once), doc);
  });

  it('places every diagnostic at its line and column in the document', () => {
    fc.assert(
      fc.property(fc.constantFrom(...faulty), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 6 }), fc.boolean(), (flow, indent, before, crlf) => {
        const prefix = 'Text\n'.repeat(before);
        let doc = prefix + fenced(flow, 'tcpflow', indent, '```');
        if (crlf) doc = doc.replace(/\n/g, '\r\n');
        const [check] = renderDocument(doc).checks;
        const alone = analyze(flow);
        const own = alone.diagnostics();
        assert.equal(check.diagnostics.length, own.length);
        const docLines = new LineIndex(doc);
        check.diagnostics.forEach((d, i) => {
          const p = docLines.position(d.start);
          const q = alone.lines.position(own[i].start);
          assert.deepEqual([p.line, p.character], [before + 1 + q.line, q.character + (alone.text.split('\n')[q.line] === '' ? 0 : indent)]);
          assert.equal(doc.slice(d.start, d.end).replace(/\r?\n */g, '\n'), flow.slice(own[i].start, own[i].end).replace(/\n */g, '\n'));
        });
      }),
      { numRuns: 100 },
    );
  });
});

describe('the README', () => {
  it("shows a block and the diagram tcpflow render writes for it, up to date", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('## Markdown documents');
    const end = readme.indexOf('\n## ', start + 1);
    const section = readme.slice(start, end < 0 ? undefined : end + 1);
    assert.equal(findFences(section).filter((f) => f.lang === 'tcpflow').length, 1);
    assert.equal(renderDocument(section).text, section);
    assert.ok(renderDocument(section).checks.every((c) => c.diagnostics.length === 0));
  });
});

describe('tcpflow render', () => {
  const ARTICLE = readFileSync(join(EXAMPLES, 'article-handshake-teardown.tcpflow'), 'utf8');
  const doc = `# Notes\n\n${fenced(ARTICLE, 'tcpflow', 0, '```')}`;

  it('adds the diagram in place, and a second run changes nothing', () => {
    const dir = scratch('render');
    const file = join(dir, 'notes.md');
    writeFileSync(file, doc);
    const first = tcpflow(['render', 'notes.md'], { cwd: dir });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stderr, 'notes.md -> notes.md (1 tcpflow block)\n');
    const once = readFileSync(file, 'utf8');
    assert.equal(once, renderDocument(doc).text);
    const mtime = statSync(file).mtimeMs;
    const second = tcpflow(['render', 'notes.md'], { cwd: dir });
    assert.deepEqual([second.code, second.stderr], [0, 'tcpflow render: notes.md: 1 tcpflow block, up to date\n']);
    assert.equal(statSync(file).mtimeMs, mtime);
    assert.equal(tcpflow(['render', '--check', 'notes.md'], { cwd: dir }).code, 0);
  });

  it('fails an illegal flow at its line in the document and writes nothing', () => {
    const dir = scratch('render');
    const file = join(dir, 'bad.md');
    const bad = `# Bad\n\nText.\n\n  \`\`\`tcpflow\n  Client -> Server : SYN seq=100\n  Client -> Server : FIN\n  \`\`\`\n`;
    writeFileSync(file, bad);
    const r = tcpflow(['render', 'bad.md'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^bad\.md:7:22: error TF301: Client is SYN_SENT and cannot send a FIN/);
    assert.match(r.stdout, /\nbad\.md:6:3: note: /);
    assert.equal(r.stderr, 'tcpflow render: bad.md: 1 tcpflow block, 1 error: not written\n');
    assert.equal(readFileSync(file, 'utf8'), bad);
  });

  it('--check fails a missing diagram and writes nothing; -o - writes to standard output', () => {
    const dir = scratch('render');
    writeFileSync(join(dir, 'notes.md'), doc);
    const check = tcpflow(['render', '--check', 'notes.md'], { cwd: dir });
    assert.deepEqual([check.code, check.stderr], [1, 'tcpflow render: notes.md: a diagram is missing or out of date (run tcpflow render notes.md)\n']);
    assert.equal(readFileSync(join(dir, 'notes.md'), 'utf8'), doc);
    const out = tcpflow(['render', 'notes.md', '-o', '-'], { cwd: dir });
    assert.equal(out.stdout, renderDocument(doc).text);
    const stdin = tcpflow(['render', '-'], { cwd: dir, input: doc });
    assert.equal(stdin.stdout, renderDocument(doc).text);
  });

  it('answers bad usage in one line (exit 2)', () => {
    const dir = scratch('render');
    writeFileSync(join(dir, 'a.md'), doc);
    writeFileSync(join(dir, 'out.md'), 'mine');
    const cases: [string[], string][] = [
      [['render'], 'tcpflow render: no input: give Markdown documents, or - for standard input\n'],
      [['render', 'a.md', 'a.md', '-o', 'x.md'], 'tcpflow render: -o takes one input: render the documents separately\n'],
      [['render', '--chek', 'a.md'], 'tcpflow render: unknown option --chek (did you mean --check?)\n'],
      [['render', 'missing.md'], 'tcpflow render: missing.md: no such file or folder\n'],
    ];
    for (const [args, stderr] of cases) assert.deepEqual(tcpflow(args, { cwd: dir }).stderr, stderr, args.join(' '));
    const exists = tcpflow(['render', 'a.md', '-o', 'out.md'], { cwd: dir });
    assert.deepEqual([exists.code, exists.stderr], [1, 'tcpflow render: out.md: exists; not replaced (use --force to replace it)\n']);
    assert.equal(readFileSync(join(dir, 'out.md'), 'utf8'), 'mine');
  });
});
