// User text in every Markdown output (the Markdown export, hovers) reads as the
// text it is under real renderers with raw HTML and linkify on; bidirectional
// controls are reported (TF109) and never reach a diagram, a hover or Markdown.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { marked } from 'marked';
import { analyze } from '../server/src/language/analysis';
import { code } from '../server/src/language/markdown';
import { toMarkdown, toMermaid } from '../server/src/language/mermaid';
import { documentSymbols, type OutlineItem } from '../server/src/language/services/documentSymbols';
import { hover } from '../server/src/language/services/hover';
import { showBidi } from '../server/src/language/syntax/bidi';
import { applyEdits } from './services/util';

const MarkdownIt = createRequire(__filename)('markdown-it') as new (options: object) => { render(s: string): string; renderInline(s: string): string };
const markdownIt = new MarkdownIt({ html: true, linkify: true });
const RENDERERS: Record<string, (md: string) => string> = {
  'markdown-it': (md) => markdownIt.render(md),
  marked: (md) => marked.parse(md, { async: false }) as string,
};

/** The tags a Markdown export may render to: no links, images or raw HTML. */
const EXPORT_TAGS = new Set(['h1', 'h2', 'p', 'pre', 'code', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'ul', 'li', 'strong']);
const tagsOf = (html: string) => [...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1].toLowerCase());

const decode = (html: string) =>
  html.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(parseInt(e[1] === 'x' || e[1] === 'X' ? e.slice(2) : e.slice(1), e[1] === 'x' || e[1] === 'X' ? 16 : 10))
      : ({ lt: '<', gt: '>', amp: '&', quot: '"' } as Record<string, string>)[e.toLowerCase()]);

const BIDI = /[\u202a-\u202e\u2066-\u2069]/;

/** Text a tcpflow string can hold (one line), rich in what Markdown, HTML and bidi make of it. */
const userText = fc.array(fc.oneof(
  fc.constantFrom('<script>alert(1)</script>', '[x](javascript:alert(1))', '![i](http://e/i.png)', '<img src=x onerror=alert(1)>', 'www.example.com', '¢.AC', '༕.ga', 'https://e.org', 'example.com', 'me@example.com', 'ftp://x.y', '_a_', 'a_b',
    '`', '``', '***', '__', '#', '|', '\\', '&amp;', '&lt;', '\u202e', '\u2066', '\t', '~~', '- ', '1. ', '> ', '"', ':', '\ud800'),
  fc.string({ maxLength: 4 }),
  fc.string({ unit: 'binary', maxLength: 3 }),
), { maxLength: 8 }).map((parts) => parts.join('').replace(/[\r\n\u2028\u2029]/g, ''));

const quoted = (s: string) => `"${s.replace(/[\\"]/g, '\\$&')}"`;

/** What a reader must see of a piece of user text in running Markdown. */
const shown = (s: string) => showBidi(s).replace(/[\u0000-\u001f\u007f]/g, ' ').trim();

describe('Markdown export', () => {
  it('renders the title as its text, with no link, image or HTML, under markdown-it and marked', () => {
    fc.assert(fc.property(userText, userText, userText, userText, (title, label, note, payload) => {
      const flow = `title ${quoted(title)}\nendpoint A ${quoted(label)}\nendpoint B\nnote A ${quoted(note)}\nA -> B : SYN ${quoted(payload)}\n`;
      const md = toMarkdown(analyze(flow));
      for (const [name, render] of Object.entries(RENDERERS)) {
        const html = render(md);
        for (const tag of tagsOf(html)) assert.ok(EXPORT_TAGS.has(tag), `${name}: <${tag}> from ${JSON.stringify(flow)}`);
        const h1 = /<h1>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '';
        assert.equal(decode(h1).trim(), shown(title), `${name}: the title`);
        assert.ok(!BIDI.test(html), `${name}: a bidirectional control reached the page`);
      }
    }), { numRuns: 300 });
  });

  it('renders a file name used as the title as its text', () => {
    fc.assert(fc.property(userText, (fileName) => {
      const html = markdownIt.render(toMarkdown(analyze('endpoint A\nendpoint B\n'), { fileName }));
      assert.equal(decode(/<h1>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '').trim(), shown(fileName));
    }), { numRuns: 200 });
  });

  it('a file name whose domain-like part follows a character outside ASCII is no link (linkify reads ¢.AC as a domain)', () => {
    for (const fileName of ['¢.AC', '0=.AC', '¢.me@example.com']) {
      const html = markdownIt.render(toMarkdown(analyze('endpoint A\nendpoint B\n'), { fileName }));
      assert.doesNotMatch(html, /<a\b/, fileName);
    }
  });

  it('a code span of a line with 200,000 backtick runs', () => {
    const text = 'a`'.repeat(200_000);
    assert.ok(code(text) === `\`\` ${text} \`\``, 'a fence of two backticks around the padded text');
  });

  it('writes the reported cases as text', () => {
    for (const title of ['<script>alert(1)</script>', '[x](javascript:alert(1))']) {
      const md = toMarkdown(analyze(`title ${quoted(title)}\nendpoint A\nendpoint B\n`));
      for (const render of Object.values(RENDERERS)) {
        const html = render(md);
        assert.ok(!/<script|<a\b/i.test(html), html.split('\n')[0]);
      }
    }
  });
});

describe('Markdown in hovers', () => {
  it('a code span holds any text literally', () => {
    fc.assert(fc.property(userText.filter((s) => s !== ''), (s) => {
      const html = markdownIt.renderInline(code(s));
      assert.deepEqual(tagsOf(html), ['code', 'code'], `${JSON.stringify(s)} → ${html}`);
      assert.equal(decode(html.slice('<code>'.length, -'</code>'.length)), showBidi(s).replace(/[\u0000-\u001f\u007f]/g, ' '));
    }), { numRuns: 500 });
  });

  it('no hover anywhere in a flow full of user text renders a link, an image or HTML', () => {
    const HOVER_TAGS = new Set(['p', 'strong', 'em', 'code', 'ul', 'li', 'hr']);
    fc.assert(fc.property(userText, userText, userText, (label, note, payload) => {
      const flow = `endpoint A ${quoted(label)}\nendpoint B\nnote A ${quoted(note)}\nA -> B : SYN seq=1 ${quoted(payload)}\nB -> A : SYN+ACK ack=2 ${quoted(label)}\nA -> B : ACK\n`;
      const a = analyze(flow);
      for (let o = 0; o <= flow.length; o++) {
        const h = hover(a, o);
        if (!h) continue;
        const html = markdownIt.render(h.markdown);
        for (const tag of tagsOf(html)) assert.ok(HOVER_TAGS.has(tag), `<${tag}> in the hover at ${o} of ${JSON.stringify(flow)}: ${h.markdown}`);
        assert.ok(!BIDI.test(html));
      }
    }), { numRuns: 100 });
  });

  it('an endpoint label cannot inject a link into the hover', () => {
    const flow = 'endpoint A "a``[x](javascript:alert(1))``b"\nendpoint B\nA -> B : SYN\n';
    const h = hover(analyze(flow), flow.indexOf('A'))!;
    const html = markdownIt.render(h.markdown);
    assert.ok(!/<a\b/.test(html), html);
    assert.ok(decode(html).includes('"a``[x](javascript:alert(1))``b"'), html);
  });
});

describe('bidirectional controls (TF109)', () => {
  const flow = 'title "Client \u202eSYN"\nendpoint Client "\u2066web\u2069"\nendpoint Server\n# sends \u202e;1=qes NYS\nClient -> Server : SYN seq=1 "data\u202d"\nnote Client "\u202b"\n';

  it('reports each control in a comment or a string, with a fix that removes it', () => {
    const a = analyze(flow);
    const found = a.findings.filter((f) => f.code === 'TF109');
    assert.equal(found.length, 6);
    for (const f of found) {
      assert.ok(BIDI.test(flow.slice(f.start, f.end)));
      assert.match(f.message, /U\+20[26][0-9A-F] \([A-Z -]+\) in a (comment|string)/);
      const fixed = applyEdits(flow, f.fixes![0].edits);
      assert.equal(analyze(fixed).findings.filter((g) => g.code === 'TF109').length, found.length - 1);
    }
    assert.equal(a.diagnostics().find((d) => d.code === 'TF109')?.severity, 'warning');
  });

  it('a control outside a comment or a string is an unexpected character, reported once, quoted as its code point', () => {
    const findings = analyze('endpoint A\u202e\nendpoint B\n').findings;
    assert.deepEqual(findings.map((f) => f.code).filter((c) => c.startsWith('TF1')), ['TF101']);
    assert.match(findings[0].message, /\[U\+202E\]/);
    assert.ok(!BIDI.test(findings[0].message));
  });

  it('none reaches the diagram, the Markdown export, a hover or the outline; each shows as its code point', () => {
    const a = analyze(flow);
    const d = toMermaid(a, { inferred: true });
    assert.ok(!BIDI.test(d.mermaid) && !BIDI.test(d.title ?? ''), d.mermaid);
    assert.match(d.mermaid, /\(\[U\+2066\]web\[U\+2069\]\)/);
    assert.ok(!BIDI.test(toMarkdown(a)));
    for (let o = 0; o < flow.length; o++) assert.ok(!BIDI.test(hover(a, o)?.markdown ?? ''), `hover at ${o}`);
    const words = (items: readonly OutlineItem[]): string[] => items.flatMap((i) => [i.name, i.detail ?? '', ...words(i.children ?? [])]);
    const outline = words(documentSymbols(a)).join('\n');
    assert.ok(!BIDI.test(outline), outline);
  });
});
