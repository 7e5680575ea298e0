// The preview's look, from VS Code's theme variables (with plain fallbacks
// for a browser outside VS Code). Injected by the bundle: the page's CSP
// allows inline styles and nothing else from the page itself.
const CSS = `
html, body { height: 100%; margin: 0; padding: 0; overflow: hidden; }
body { background: var(--vscode-editor-background, #fff); color: var(--vscode-foreground, #333);
  font-family: var(--vscode-font-family, system-ui, sans-serif); font-size: var(--vscode-font-size, 13px); }
/* The drawing starts below a strip that holds the toolbars: they never cover it, at any zoom. */
#scroller { position: absolute; inset: 31px 0 0 0; overflow: auto; cursor: default; }
#scroller.panning { cursor: grabbing; user-select: none; }
/* The overview bar of the errors, beside the scroll bar: the drawing makes room for it. */
#overview { position: absolute; top: 31px; right: 0; width: 10px; height: calc(100% - 31px); box-sizing: border-box; z-index: 2; cursor: pointer;
  color: var(--vscode-editorOverviewRuler-errorForeground, var(--vscode-editorError-foreground, #e51400));
  background: var(--vscode-editorOverviewRuler-background, transparent);
  border-left: 1px solid var(--vscode-editorOverviewRuler-border, rgba(127, 127, 127, 0.3)); }
#overview[hidden] { display: none; }
#scroller:has(~ #overview:not([hidden])) { right: 11px; }
#stack { display: flex; flex-direction: column; align-items: flex-start; padding: 16px 16px 48px; width: max-content; min-width: calc(100% - 32px); }
.chunk { line-height: 0; }
.chunk svg { display: block; overflow: hidden; }
/* Over the drawing only outlines: a fill would cover the arrow and its label. The tint is the mark behind. */
.tf-hit { fill: transparent; stroke: none; cursor: pointer; }
.tf-hit:hover { stroke: var(--vscode-focusBorder, #0078d4); stroke-opacity: 0.5; stroke-width: 1px; }
.tf-hit.tf-active { stroke: var(--vscode-focusBorder, #0078d4); stroke-opacity: 1; stroke-width: 1.5px; }
.tf-mark { fill: none; stroke: none; pointer-events: none; }
.tf-mark.tf-active { fill: var(--vscode-editor-selectionBackground, #add6ff); fill-opacity: 0.5; }
/* A high-contrast theme's selection colour is meant behind its own selection foreground: an outline only. */
body.vscode-high-contrast .tf-mark.tf-active, body.vscode-high-contrast-light .tf-mark.tf-active { fill: none; }
body.vscode-high-contrast .tf-hit.tf-active, body.vscode-high-contrast-light .tf-hit.tf-active { stroke: var(--vscode-contrastActiveBorder, #f38518); stroke-width: 2px; }
#toolbar { position: absolute; top: 0; right: 0; height: 30px; z-index: 5; display: flex; gap: 2px; align-items: center; padding: 0 8px; }
#toolbar button { background: none; border: none; color: inherit; font: inherit; min-width: 26px; height: 24px; border-radius: 3px; cursor: pointer; }
#toolbar button:hover { background: var(--vscode-toolbar-hoverBackground, rgba(0, 0, 0, 0.1)); }
#toolbar button:focus-visible { outline: 1px solid var(--vscode-focusBorder, #0078d4); }
#zoom-level { min-width: 48px; }
#banner { position: absolute; left: 0; right: 0; bottom: 0; z-index: 3; max-height: 40%; overflow: auto; padding: 6px 12px;
  background: var(--vscode-inputValidation-warningBackground, #fff4ce); color: var(--vscode-foreground, #333);
  border-top: 1px solid var(--vscode-inputValidation-warningBorder, #c19c00); }
#banner[hidden], #message[hidden] { display: none; }
#banner ul { margin: 4px 0 0; padding-left: 18px; }
#banner a { color: var(--vscode-textLink-foreground, #006ab1); cursor: pointer; text-decoration: underline; }
#message { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; padding: 24px;
  text-align: center; color: var(--vscode-descriptionForeground, #717171); }
`;

export function injectStyles(doc: Document): void {
  const style = doc.createElement('style');
  style.textContent = CSS;
  doc.head.appendChild(style);
}
