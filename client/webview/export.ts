// Export jobs, from the extension or from the headless browser: the whole
// diagram in a light or dark theme, as SVG text or PNG bytes.
import type { ExportTheme, ImageFormat } from './messages';
import { renderSvg } from './render';
import { pngBase64, standaloneSvg } from './standalone';
import { EXPORT_BACKGROUND, mermaidTheme } from './theme';

export async function exportImage(mermaid: string, format: ImageFormat, theme: ExportTheme): Promise<string> {
  const markup = await renderSvg(mermaid, { ...mermaidTheme(theme), mirrorActors: true });
  const svg = standaloneSvg(markup, EXPORT_BACKGROUND[theme]);
  return format === 'svg' ? svg.xml : pngBase64(svg, EXPORT_BACKGROUND[theme]);
}
