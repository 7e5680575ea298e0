// Pushes diagnostics: at once when a document opens, and after edits at most
// once per interval — the first edit after a quiet spell is checked on the
// next turn of the event loop (a keystroke shows its result at once), a burst
// is coalesced and its last version always published.
import type { Connection } from 'vscode-languageserver';
import { lspDiagnostics } from './diagnostics';
import type { Documents } from './documents';
import type { SettingsStore } from './settingsStore';

/** `$/tcpflow/timing`, sent after each publish when the client asks for it (initializationOptions.timing). */
export interface TimingParams {
  readonly uri: string;
  readonly version: number;
  /** Parse + check of this version. */
  readonly analyzeMs: number;
  /** Severity settings and conversion to LSP diagnostics. */
  readonly diagnosticsMs: number;
}

export const TIMING_NOTIFICATION = '$/tcpflow/timing';

export class Publisher {
  private readonly pending = new Map<string, () => void>();
  private readonly lastRun = new Map<string, number>();
  /** The version each document was last published for (opening fires a change too: no second run). */
  private readonly ranFor = new Map<string, number>();
  timing = false;

  constructor(
    private readonly connection: Connection,
    private readonly documents: Documents,
    private readonly settings: SettingsStore,
    private readonly intervalMs = 40,
  ) {}

  /** Publishes now (a document opened, settings changed). */
  now(uri: string): Promise<void> {
    this.cancel(uri);
    return this.run(uri);
  }

  /** After an edit. */
  soon(uri: string): void {
    if (this.pending.has(uri) || this.documents.store.get(uri)?.version === this.ranFor.get(uri)) return;
    const wait = (this.lastRun.get(uri) ?? -Infinity) + this.intervalMs - performance.now();
    const fire = () => {
      this.pending.delete(uri);
      void this.run(uri);
    };
    if (wait <= 0) {
      const h = setImmediate(fire);
      this.pending.set(uri, () => clearImmediate(h));
    } else {
      const h = setTimeout(fire, wait);
      this.pending.set(uri, () => clearTimeout(h));
    }
  }

  /** The document closed: its diagnostics go. */
  clear(uri: string): void {
    this.cancel(uri);
    this.lastRun.delete(uri);
    this.ranFor.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private cancel(uri: string): void {
    this.pending.get(uri)?.();
    this.pending.delete(uri);
  }

  private async run(uri: string): Promise<void> {
    this.lastRun.set(uri, performance.now());
    const version = this.documents.store.get(uri)?.version;
    if (version !== undefined) this.ranFor.set(uri, version);
    try {
      const settings = await this.settings.get(uri);
      const doc = this.documents.get(uri);
      if (!doc) return;
      const t0 = performance.now();
      const diagnostics = lspDiagnostics(doc.analysis, uri, doc.version, settings);
      const diagnosticsMs = performance.now() - t0;
      await this.connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
      if (this.timing) {
        await this.connection.sendNotification(TIMING_NOTIFICATION, { uri, version: doc.version, analyzeMs: doc.ms, diagnosticsMs } satisfies TimingParams);
      }
    } catch (e) {
      this.connection.console.error(`tcpflow: diagnostics of ${uri} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
  }
}
