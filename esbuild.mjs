// One build script, every bundle: the extension (node, `vscode` external), the
// language server and the CLI (node), the preview and the Markdown preview
// script (browser iife).
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20' };

const bundles = [
  // playwright-core (headless Chromium for `tcpflow export`) is loaded from node_modules when needed.
  { ...node, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', external: ['playwright-core'] },
  { ...node, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { ...node, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // Mostly Mermaid: minified always, it is parsed at every preview open and every export.
  { ...common, minify: true, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['client/webview/main.ts'], outfile: 'dist/webview.js' },
  // Run by VS Code's Markdown preview for ```tcpflow blocks: Mermaid bundled, nothing fetched.
  { ...common, minify: true, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['client/webview/markdownPreview.ts'], outfile: 'dist/markdownPreview.js' },
];

if (watch) {
  for (const b of bundles) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(bundles.map((b) => esbuild.build(b)));
}
