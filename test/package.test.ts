// The .vsix as `npm run package` makes it: exactly the allowlisted files
// (.vscodeignore), production bundles, small enough.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import { packageVsix } from '../scripts/vsix';
import { ROOT } from './helpers';

interface Entry {
  readonly name: string;
  readonly data: () => Buffer;
}

/** The entries of a zip archive, from its central directory. */
function unzip(zip: Buffer): Entry[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'not a zip archive');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const out: Entry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'bad central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const stored = zip.subarray(start, start + compressed);
    out.push({ name, data: () => (method === 0 ? stored : inflateRawSync(stored)) });
    at += 46 + skip;
  }
  return out;
}

/** What .vscodeignore lets in, as vsce names it inside the package. */
const EXPECTED = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/package.json',
  'extension/readme.md',
  'extension/changelog.md',
  'extension/LICENSE.txt',
  'extension/language-configuration.json',
  'extension/syntaxes/tcpflow.tmLanguage.json',
  'extension/snippets/tcpflow.json',
  'extension/images/icon.png',
  'extension/docs/diagnostics.md',
  'extension/dist/extension.js',
  'extension/dist/server.js',
  'extension/dist/webview.js',
  'extension/dist/markdownPreview.js',
  // The README's screenshots, shown by VS Code's extension page.
  ...readdirSync(join(ROOT, 'docs', 'images'))
    .filter((f) => f.endsWith('.png'))
    .map((f) => `extension/docs/images/${f}`),
].sort();

const MAX_BYTES = 3 * 1024 * 1024;

describe('the .vsix package', () => {
  let zip: Buffer;
  let entries: Map<string, Entry>;
  before(() => {
    zip = readFileSync(packageVsix());
    entries = new Map(unzip(zip).map((e) => [e.name, e]));
  });

  it('holds exactly the allowlisted files', () => {
    assert.deepEqual([...entries.keys()].sort(), EXPECTED);
  });

  it(`is under ${MAX_BYTES / 1024 / 1024} MB`, () => {
    assert.ok(zip.length < MAX_BYTES, `${zip.length} bytes`);
  });

  it('ships production bundles: minified, without source maps', () => {
    for (const bundle of ['extension', 'server', 'webview']) {
      const js = entries.get(`extension/dist/${bundle}.js`)!.data().toString('utf8');
      assert.doesNotMatch(js, /sourceMappingURL/, bundle);
      // esbuild marks each module of an unminified bundle with a `// path` comment.
      assert.doesNotMatch(js, /^\s*\/\/ (node_modules|server|client)\//m, `${bundle}.js is not minified`);
    }
  });

  it("has the manifest's icon, license and entry point", () => {
    const manifest = JSON.parse(entries.get('extension/package.json')!.data().toString('utf8')) as { icon: string; main: string; license: string };
    assert.ok(entries.has(`extension/${manifest.icon}`), manifest.icon);
    assert.ok(entries.has(`extension/${manifest.main.replace(/^\.\//, '')}`), manifest.main);
    assert.equal(manifest.license, 'MIT');
    const icon = entries.get('extension/images/icon.png')!.data();
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128], 'the icon is not 128×128');
  });
});
