// Export jobs, from the extension or from the headless browser: the whole
// diagram in a light or dark theme, as SVG text or PNG bytes.
import type { ExportTheme, ImageFormat } from './messages';
import { renderSvg } from './render';
import { pngBase64, standaloneSvg } from './standalone';
import { EXPORT_BACKGROUND, mermaidTheme } from './theme';

/** The last drawing: an SVG and a PNG of the same diagram (the usual pair) cost one Mermaid render. */
let last: { key: string; markup: Promise<string> } | undefined;

function markupOf(mermaid: string, theme: ExportTheme): Promise<string> {
  const key = `${theme}\n${mermaid}`;
  if (last?.key !== key) {
    const markup = renderSvg(mermaid, { ...mermaidTheme(theme), mirrorActors: true });
    last = { key, markup };
    markup.catch(() => {
      if (last?.markup === markup) last = undefined;
    });
  }
  return last.markup;
}

export async function exportImage(mermaid: string, format: ImageFormat, theme: ExportTheme): Promise<string> {
  const markup = await markupOf(mermaid, theme);
  const svg = standaloneSvg(markup, EXPORT_BACKGROUND[theme]);
  return format === 'svg' ? svg.xml : pngBase64(svg, EXPORT_BACKGROUND[theme]);
}
