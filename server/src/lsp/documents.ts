// Open documents (incremental sync) and one analysis per document version,
// shared by diagnostics and every request on that version.
import { TextDocuments, type Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type Analysis } from '../language/analysis';

export interface Analyzed {
  readonly uri: string;
  readonly version: number;
  readonly analysis: Analysis;
  /** How long the analysis took, in milliseconds. */
  readonly ms: number;
}

export class Documents {
  readonly store = new TextDocuments(TextDocument);
  private readonly cache = new Map<string, Analyzed>();

  constructor(connection: Connection) {
    this.store.listen(connection);
    this.store.onDidClose((e) => this.cache.delete(e.document.uri));
  }

  /** The analysis of the document's current version (made once per version), or undefined when it is not open. */
  get(uri: string): Analyzed | undefined {
    const doc = this.store.get(uri);
    if (!doc) return undefined;
    const known = this.cache.get(uri);
    if (known?.version === doc.version) return known;
    // The old version's analysis goes first: a large file's two analyses need not live at once.
    this.cache.delete(uri);
    const t0 = performance.now();
    const analysis = analyze(doc.getText());
    const result = { uri, version: doc.version, analysis, ms: performance.now() - t0 };
    this.cache.set(uri, result);
    return result;
  }

  uris(): string[] {
    return this.store.keys();
  }
}
