// The bundle's entry. In a VS Code webview (acquireVsCodeApi exists) it runs
// the preview; in any page it offers `window.tcpflow` for exports and tests.
import type { PageApi } from './api';
import { exportImage } from './export';
import type { FromWebview, PreviewState, ToWebview } from './messages';
import { Preview } from './preview';
import { parseError } from './render';
import { mermaidTheme } from './theme';
import { injectStyles } from './styles';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): PreviewState | undefined;
  setState(state: PreviewState): void;
}

declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

const api: PageApi = {
  exportImage,
  parseError: (mermaid) => parseError(mermaid, { ...mermaidTheme('light'), mirrorActors: true }),
};
window.tcpflow = api;

if (typeof acquireVsCodeApi === 'function') {
  const vscode = acquireVsCodeApi();
  injectStyles(document);
  const preview = new Preview(document.body, {
    post: (m) => vscode.postMessage(m),
    state: vscode.getState(),
    saveState: (s) => vscode.setState(s),
  });
  window.addEventListener('message', (e: MessageEvent<ToWebview>) => preview.receive(e.data));
  vscode.postMessage({ type: 'ready' });
}
