// The script VS Code's Markdown preview runs (contributes
// "markdown.previewScripts"): each ```tcpflow block the markdown-it plugin
// rendered gets its sequence diagram drawn by the bundled Mermaid, in the
// preview's theme, with the same strict settings as the tcpflow preview. The
// Mermaid text is read as text (textContent), never as markup; nothing is
// loaded from anywhere else.
import { renderSvg } from './render';
import { mermaidTheme, themeKindOf } from './theme';

const CSS = `
.tcpflow-fence { margin: 1em 0; overflow-x: auto; }
.tcpflow-diagram svg { max-width: 100%; height: auto; }
.tcpflow-problems { margin: 0.5em 0; padding-left: 1.5em; font-family: var(--vscode-editor-font-family, monospace); font-size: 0.9em; }
.tcpflow-problems .tcpflow-error { color: var(--vscode-errorForeground, #dc2626); }
.tcpflow-problems .tcpflow-warning { color: var(--vscode-editorWarning-foreground, #b45309); }
.tcpflow-render-error { color: var(--vscode-errorForeground, #dc2626); }
`;

/** The Mermaid text each block was last drawn from: an unchanged block is not drawn again. */
const drawn = new WeakMap<Element, string>();

async function drawAll(): Promise<void> {
  const settings = { ...mermaidTheme(themeKindOf(document.body)), mirrorActors: true };
  for (const block of document.querySelectorAll('.tcpflow-fence')) {
    const text = block.querySelector('.tcpflow-mermaid')?.textContent ?? '';
    const target = block.querySelector('.tcpflow-diagram');
    const key = `${text}\n${settings.theme}`;
    if (!target || drawn.get(target) === key) continue;
    drawn.set(target, key);
    try {
      target.innerHTML = await renderSvg(text, settings);
    } catch (e) {
      const note = document.createElement('p');
      note.className = 'tcpflow-render-error';
      note.textContent = `The diagram could not be drawn: ${e instanceof Error ? e.message : String(e)}`;
      target.append(note);
    }
  }
}

function start(): void {
  const style = document.createElement('style');
  style.textContent = CSS;
  document.head.append(style);
  void drawAll();
  // The preview replaces the page's content on every edit, and announces it.
  window.addEventListener('vscode.markdown.updateContent', () => void drawAll());
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
