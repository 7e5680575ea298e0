// Open documents (incremental sync) and one analysis per document version,
// shared by diagnostics and every request on that version. The edits the client
// sends are kept as offsets, so that the next version's analysis is made from
// the previous one (only the edited lines are parsed and checked again).
import { TextDocuments, type Connection, type TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type Analysis } from '../language/analysis';
import { reanalyze, type OffsetEdit } from '../language/incremental';

export interface Analyzed {
  readonly uri: string;
  readonly version: number;
  readonly analysis: Analysis;
  /** How long the analysis took, in milliseconds. */
  readonly ms: number;
}

/** Edits kept between two analyses beyond this many are dropped: the next analysis starts afresh. */
const MAX_PENDING_EDITS = 10_000;

export class Documents {
  readonly store: TextDocuments<TextDocument>;
  /** Made from the previous version's analysis and the edits (off: every version is analysed afresh). */
  incremental = true;
  private readonly cache = new Map<string, Analyzed>();
  /** The edits made since the cached analysis's version, as offsets; undefined when they are not known. */
  private readonly edits = new Map<string, OffsetEdit[] | undefined>();

  constructor(connection: Connection) {
    this.store = new TextDocuments({
      create: (uri, languageId, version, text) => {
        this.forget(uri);
        return TextDocument.create(uri, languageId, version, text);
      },
      update: (doc, changes, version) => this.update(doc, changes, version),
    });
    this.store.listen(connection);
    this.store.onDidClose((e) => this.forget(e.document.uri));
  }

  /** Applies the changes one at a time, recording each as an offset edit of the text it applies to. */
  private update(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    const edits = this.edits.get(doc.uri);
    for (const change of changes) {
      const edit = 'range' in change
        ? { start: doc.offsetAt(change.range.start), end: doc.offsetAt(change.range.end), text: change.text }
        : { start: 0, end: doc.getText().length, text: change.text };
      if (edits && edits.length < MAX_PENDING_EDITS) edits.push(edit);
      else this.edits.set(doc.uri, undefined);
      TextDocument.update(doc, [change], version);
    }
    return doc;
  }

  private forget(uri: string): void {
    this.cache.delete(uri);
    this.edits.delete(uri);
  }

  /** The analysis of the document's current version (made once per version), or undefined when it is not open. */
  get(uri: string): Analyzed | undefined {
    const doc = this.store.get(uri);
    if (!doc) return undefined;
    const known = this.cache.get(uri);
    if (known?.version === doc.version) return known;
    const edits = this.edits.get(uri);
    // The old version's analysis goes first: a large file's two analyses need not live at once.
    this.cache.delete(uri);
    const t0 = performance.now();
    const text = doc.getText();
    let analysis = known && edits && this.incremental ? reanalyze(known.analysis, edits) : analyze(text);
    // The client's edits must reproduce its text; if they do not, start afresh.
    if (analysis.text !== text) analysis = analyze(text);
    const result = { uri, version: doc.version, analysis, ms: performance.now() - t0 };
    this.cache.set(uri, result);
    this.edits.set(uri, []);
    return result;
  }

  uris(): string[] {
    return this.store.keys();
  }
}
