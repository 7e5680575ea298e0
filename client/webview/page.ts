// The HTML page that hosts the webview bundle, for the VS Code panel and for
// the headless browser of `tcpflow export` alike: nothing but the bundle runs,
// nothing is loaded from elsewhere (the CSP says so to the browser too).
import { randomBytes } from 'node:crypto';

export interface PageOptions {
  /** The origin the bundle and its styles come from (VS Code's `webview.cspSource`). */
  readonly cspSource: string;
  /** URL of dist/webview.js as the page can load it. */
  readonly scriptUri: string;
  readonly title: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function pageHtml({ cspSource, scriptUri, title }: PageOptions): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
</head>
<body>
<script nonce="${nonce}" src="${escapeHtml(scriptUri)}"></script>
</body>
</html>
`;
}
