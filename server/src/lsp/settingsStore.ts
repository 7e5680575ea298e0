// Settings per document: asked once with `workspace/configuration` and kept
// until the client says they changed; clients that cannot be asked push them.
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from './settings';

export class SettingsStore {
  private readonly byUri = new Map<string, Promise<Settings>>();
  private pushed: Settings = DEFAULT_SETTINGS;
  /** The client answers `workspace/configuration` (set on initialize). */
  pull = false;

  constructor(private readonly connection: Connection) {}

  get(uri: string): Promise<Settings> {
    if (!this.pull) return Promise.resolve(this.pushed);
    let s = this.byUri.get(uri);
    if (!s) {
      s = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'tcpflow' }).then(parseSettings, (e: unknown) => {
        this.connection.console.warn(`tcpflow: cannot read the settings: ${String(e)}`);
        return DEFAULT_SETTINGS;
      });
      this.byUri.set(uri, s);
    }
    return s;
  }

  /** `didChangeConfiguration`: forget what was asked; take what a push-only client sent. */
  changed(sent: unknown): void {
    this.byUri.clear();
    const section = typeof sent === 'object' && sent !== null ? (sent as { tcpflow?: unknown }).tcpflow : undefined;
    if (section !== undefined) this.pushed = parseSettings(section);
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }
}
