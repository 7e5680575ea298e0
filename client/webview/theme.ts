// VS Code's theme kind (a class on the webview's body) → Mermaid's theme.
// Mermaid has no high-contrast theme, so those two get the `base` theme with
// plain black/white colours and strong borders. Every theme carries the look
// of error notes.
import type { MermaidConfig } from 'mermaid';
import { errorNoteCss } from './errorNotes';
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

export type MermaidTheme = Pick<MermaidConfig, 'theme' | 'themeVariables' | 'themeCSS'>;

function colours(kind: ThemeKind): Pick<MermaidConfig, 'theme' | 'themeVariables'> {
  switch (kind) {
    case 'light': return { theme: 'default' };
    // Mermaid's grey on its dark notes is 4.49:1: a lighter grey reaches AA (4.5:1).
    case 'dark': return { theme: 'dark', themeVariables: { noteTextColor: '#d4d4d4' } };
    case 'high-contrast': return highContrast('#ffffff', '#000000');
    case 'high-contrast-light': return highContrast('#000000', '#ffffff');
  }
}

export function mermaidTheme(kind: ThemeKind): MermaidTheme {
  return { ...colours(kind), themeCSS: errorNoteCss(kind) };
}

/** The page colour behind an exported image: Mermaid draws on a transparent background. */
export const EXPORT_BACKGROUND: Record<ExportTheme, string> = { light: '#ffffff', dark: '#1e1e1e' };
