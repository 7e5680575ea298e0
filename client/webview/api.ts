// What the bundle offers a page that is not a VS Code webview (the headless
// browser of `tcpflow export`, the tests, the benchmark): `window.tcpflow`.
import type { ExportTheme, ImageFormat } from './messages';

export interface PageApi {
  /** The whole diagram as a standalone image: SVG text, or PNG bytes in base64. */
  exportImage(mermaid: string, format: ImageFormat, theme: ExportTheme): Promise<string>;
  /** Mermaid's parse error for a text, or undefined when it parses. */
  parseError(mermaid: string): Promise<string | undefined>;
}

declare global {
  interface Window {
    tcpflow?: PageApi;
  }
}
