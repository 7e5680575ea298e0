// The bundle's entry. In a VS Code webview (acquireVsCodeApi exists) it runs
// the preview; in any page it offers `window.tcpflow` for exports and tests.
import type { PageApi } from './api';
import { exportImage } from './export';
import type { FromWebview, PreviewState, ToWebview } from './messages';
import { Preview } from './preview';
import { Stepping } from './stepping';
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
  const saved = vscode.getState();
  // The view and the stepping switch are kept beside what the preview keeps.
  let views = { view: saved?.view, stepping: saved?.stepping };
  const preview = new Preview(document.body, {
    post: (m) => vscode.postMessage(m),
    state: saved,
    saveState: (s) => vscode.setState({ ...s, ...views }),
  });
  const stepping = new Stepping(document.body, {
    post: (m) => vscode.postMessage(m),
    remember: (view, on) => {
      views = { view, stepping: on };
      const state = vscode.getState();
      if (state) vscode.setState({ ...state, ...views });
    },
  }, saved);
  window.addEventListener('message', (e: MessageEvent<ToWebview>) => {
    preview.receive(e.data);
    stepping.receive(e.data);
  });
  vscode.postMessage({ type: 'ready' });
  stepping.announce();
}
