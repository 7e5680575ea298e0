// VS Code's theme kind (a class on the webview's body) → Mermaid's theme.
// Mermaid has no high-contrast theme, so those two get the `base` theme with
// plain black/white colours and strong borders.
import type { MermaidConfig } from 'mermaid';
import type { ExportTheme } from './messages';

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export function themeKindOf(body: HTMLElement): ThemeKind {
  const c = body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-dark')) return 'dark';
  return 'light';
}

function highContrast(fg: string, bg: string): Pick<MermaidConfig, 'theme' | 'themeVariables'> {
  return {
    theme: 'base',
    themeVariables: {
      background: bg, primaryColor: bg, primaryTextColor: fg, primaryBorderColor: fg, secondaryColor: bg, tertiaryColor: bg,
      lineColor: fg, textColor: fg, actorBkg: bg, actorBorder: fg, actorTextColor: fg, actorLineColor: fg,
      signalColor: fg, signalTextColor: fg, noteBkgColor: bg, noteTextColor: fg, noteBorderColor: fg,
      labelBoxBkgColor: bg, labelBoxBorderColor: fg, labelTextColor: fg, loopTextColor: fg,
    },
  };
}

export function mermaidTheme(kind: ThemeKind): Pick<MermaidConfig, 'theme' | 'themeVariables'> {
  switch (kind) {
    case 'light': return { theme: 'default' };
    case 'dark': return { theme: 'dark' };
    case 'high-contrast': return highContrast('#ffffff', '#000000');
    case 'high-contrast-light': return highContrast('#000000', '#ffffff');
  }
}

/** The page colour behind an exported image: Mermaid draws on a transparent background. */
export const EXPORT_BACKGROUND: Record<ExportTheme, string> = { light: '#ffffff', dark: '#1e1e1e' };
