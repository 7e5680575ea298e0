// ```tcpflow blocks in VS Code's Markdown preview: the markdown-it plugin (with
// the markdown-it the preview uses) turns each block into its diagram's Mermaid
// text and its problems at their document line, all HTML-escaped, and leaves
// other blocks alone; the preview script (dist/markdownPreview.js) draws the
// diagrams in Chromium, and nothing a flow says becomes markup or runs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { escapeHtml, tcpflowFences, type MarkdownItLike } from '../../client/src/markdownFences';
import type { Headless } from '../../server/src/cli/headless';
import { analyze } from '../../server/src/language/analysis';
import { toMermaid } from '../../server/src/language/mermaid';
import { ROOT } from '../helpers';
import { launch, SKIP_NO_BROWSER, TRAP } from '../preview/browser';

type MarkdownIt = MarkdownItLike & { render(src: string): string };
const MarkdownIt = createRequire(__filename)('markdown-it') as new () => MarkdownIt;
const md = () => tcpflowFences(new MarkdownIt());

const INJECTION = String.raw`title "<script>alert(1)</script> %%{init: {'theme':'dark'}}%%"
endpoint A "<img src=x onerror=alert(2)>"
endpoint B "javascript:alert(3)"
A -> B : SYN seq=1 "<script>alert(4)</script>"
note A, B "click P0 call alert() <a href=\"javascript:alert(5)\">x</a>"
B -> A : SYN+ACK seq=5 ack=2 "</pre><img src=x onerror=alert(6)>"
`;
const ILLEGAL = 'Client -> Server : SYN seq=100\nClient -> Server : FIN "<b>x</b>"\n';
const DOC = `# Notes\n\nText.\n\n\`\`\`tcpflow\n${INJECTION}\`\`\`\n\n\`\`\`js\nconst x = "<b>";\n\`\`\`\n\n\`\`\`tcpflow\n${ILLEGAL}\`\`\`\n`;
const FORBIDDEN = 'script, img, iframe, object, embed, a[href^="javascript"], [onerror], [onclick], [onload], b';

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

describe('Markdown preview plugin', () => {
  it("puts each block's Mermaid text in the page, escaped, and leaves other blocks alone", () => {
    const html = md().render(DOC);
    const texts = [...html.matchAll(/<pre class="tcpflow-mermaid" hidden>([^<]*)<\/pre>/g)].map((m) => unescape(m[1]));
    assert.deepEqual(texts, [toMermaid(analyze(INJECTION), { chunkSize: 0 }).mermaid, toMermaid(analyze(ILLEGAL), { chunkSize: 0 }).mermaid]);
    assert.match(html, /<pre><code class="language-js">const x = &quot;&lt;b&gt;&quot;;\n<\/code><\/pre>/);
    // The only elements are the plugin's own: every < of the flows is escaped.
    const tags = new Set([...html.matchAll(/<([a-z0-9]+)/g)].map((m) => m[1]));
    assert.deepEqual([...tags].sort(), ['code', 'div', 'h1', 'li', 'p', 'pre', 'ul']);
  });

  it("draws the blocks with the preview's settings: the label notation, inferred numbers, timestamps", () => {
    const flow = 'Client -> Server: SYN(ISN_Client)\nServer -> Client: SYN(ISN_Server), ACK(ISN_Client + 1)\n';
    const doc = `\`\`\`tcpflow\n${flow}\`\`\`\n`;
    for (const options of [{}, { labels: 'explicit' as const }, { labels: 'article' as const, inferred: true }]) {
      const html = tcpflowFences(new MarkdownIt(), () => options).render(doc);
      const shown = unescape(/<pre class="tcpflow-mermaid" hidden>([^<]*)<\/pre>/.exec(html)![1]);
      assert.equal(shown, toMermaid(analyze(flow), { ...options, chunkSize: 0 }).mermaid, JSON.stringify(options));
    }
    const explicit = tcpflowFences(new MarkdownIt(), () => ({ labels: 'explicit' })).render(doc);
    assert.match(unescape(explicit), /SYN\+ACK seq=ISN_Server ack=ISN_Client\+1/);
  });

  it('lists the problems at their line in the document', () => {
    const html = md().render(DOC);
    const items = [...html.matchAll(/<li class="tcpflow-(\w+)">([^<]*)<\/li>/g)].map((m) => [m[1], unescape(m[2])]);
    assert.equal(items[0][0], 'error');
    assert.match(items[0][1], /^line 20: error TF301: Client is SYN_SENT and cannot send a FIN/);
    assert.equal(DOC.split('\n')[19], 'Client -> Server : FIN "<b>x</b>"');
    assert.match(html, /class="tcpflow-fence code-line" data-line="4"/);
  });

  it('escapes the five HTML characters', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&amp;</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });
});

describe('Markdown preview script in Chromium', { skip: SKIP_NO_BROWSER }, () => {
  let h: Headless;
  before(async () => {
    h = await launch();
  });
  after(() => h?.close());

  it('draws every block and nothing a flow says becomes markup or runs', async () => {
    const page = await h.page({ init: TRAP });
    await page.evaluate((html) => {
      document.body.className = 'vscode-light';
      document.body.innerHTML = html;
    }, md().render(DOC));
    await page.evaluate(readFileSync(join(ROOT, 'dist', 'markdownPreview.js'), 'utf8'));
    await page.waitForFunction(() => document.querySelectorAll('.tcpflow-diagram svg').length === 2, undefined, { timeout: 120_000 });
    const texts = await page.evaluate(() => [...document.querySelectorAll('.tcpflow-diagram svg')].map((s) => s.textContent ?? ''));
    // Labels are broken into lines by the core: the drawn text is compared without its line breaks.
    const drawn = texts[0].replace(/\s+/g, '');
    assert.ok(drawn.includes('<script>alert(4)</script>') && drawn.includes('</pre><imgsrc=x'), texts[0].slice(0, 300));
    assert.ok(texts[1].includes('TF301'));
    assert.equal(await page.evaluate((f) => document.querySelectorAll(f).length, FORBIDDEN), 0);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __executed: string[] }).__executed), []);
    // An edit: the preview replaces the content and announces it; the block is drawn again.
    await page.evaluate((html) => {
      document.body.innerHTML = html;
      window.dispatchEvent(new Event('vscode.markdown.updateContent'));
    }, md().render('```tcpflow\nA -> B : SYN seq=7\n```\n'));
    await page.waitForFunction(() => document.querySelector('.tcpflow-diagram svg')?.textContent?.includes('seq=7'), undefined, { timeout: 60_000 });
    assert.deepEqual(h.refused, []);
    await page.close();
  });
});
