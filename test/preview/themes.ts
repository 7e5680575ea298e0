// VS Code's default themes as a webview sees them: a class on <body> and the
// theme's colours as CSS variables on <html> (values of Light Modern, Dark
// Modern and Dark High Contrast). The browser tests put a page in a theme
// with `applyTheme`, as VS Code does when the user switches themes.
import type { Page } from 'playwright-core';

export type TestTheme = 'light' | 'dark' | 'high-contrast';

export const THEMES: Record<TestTheme, { readonly bodyClass: string; readonly vars: Readonly<Record<string, string>> }> = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      'editor-background': '#ffffff', foreground: '#3b3b3b', descriptionForeground: '#3b3b3b', focusBorder: '#005fb8',
      'editor-selectionBackground': '#add6ff', 'editor-hoverHighlightBackground': 'rgba(173, 214, 255, 0.15)',
      'editorWidget-background': '#f8f8f8', 'editorWidget-border': '#e5e5e5', 'toolbar-hoverBackground': 'rgba(184, 184, 184, 0.31)',
      'inputValidation-warningBackground': '#f6f5d2', 'inputValidation-warningBorder': '#b89500', 'textLink-foreground': '#005fb8',
      'button-background': '#005fb8', 'button-foreground': '#ffffff', 'panel-border': '#e5e5e5', errorForeground: '#f85149',
      'editorError-foreground': '#e51400',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      'editor-background': '#1f1f1f', foreground: '#cccccc', descriptionForeground: '#9d9d9d', focusBorder: '#0078d4',
      'editor-selectionBackground': '#264f78', 'editor-hoverHighlightBackground': 'rgba(38, 79, 120, 0.25)',
      'editorWidget-background': '#202020', 'editorWidget-border': '#313131', 'toolbar-hoverBackground': 'rgba(90, 93, 94, 0.31)',
      'inputValidation-warningBackground': '#352a05', 'inputValidation-warningBorder': '#b89500', 'textLink-foreground': '#4daafc',
      'button-background': '#0078d4', 'button-foreground': '#ffffff', 'panel-border': '#2b2b2b', errorForeground: '#f85149',
      'editorError-foreground': '#f14c4c',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      'editor-background': '#000000', foreground: '#ffffff', descriptionForeground: '#ffffff', focusBorder: '#f38518',
      'contrastBorder': '#6fc3df', 'contrastActiveBorder': '#f38518',
      'editor-selectionBackground': '#f3f518', 'editor-selectionForeground': '#000000', 'editor-hoverHighlightBackground': 'rgba(173, 214, 255, 0.15)',
      'editorWidget-background': '#0c141f', 'editorWidget-border': '#6fc3df', 'toolbar-hoverBackground': 'transparent',
      'inputValidation-warningBackground': '#000000', 'inputValidation-warningBorder': '#6fc3df', 'textLink-foreground': '#21a6ff',
      'button-background': '#000000', 'button-foreground': '#ffffff', 'panel-border': '#6fc3df', errorForeground: '#f48771',
      'editorError-foreground': '#ff3232',
    },
  },
};

/** Puts the page in a theme: its body class and variables, as VS Code sets them. */
export async function applyTheme(page: Page, theme: TestTheme): Promise<void> {
  const { bodyClass, vars } = THEMES[theme];
  await page.evaluate(({ bodyClass, vars }) => {
    const html = document.documentElement;
    html.removeAttribute('style');
    for (const [k, v] of Object.entries(vars)) html.style.setProperty(`--vscode-${k}`, v);
    document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast', 'vscode-high-contrast-light');
    document.body.classList.add(bodyClass);
  }, { bodyClass, vars });
}
