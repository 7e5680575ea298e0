// The preview of a large flow: the diagram's outline first, then the chunks
// it shows, each drawn when asked. The chunked diagram of the latest version
// of a few documents is kept, so scrolling asks for texts only. While a
// document has a syntax error the preview keeps its last good diagram, so
// the chunks of that version are still served: from a fresh analysis of its
// text (the editor's analysis of it belongs to the newer versions now).
import { analyze } from '../language/analysis';
import { chunkedDiagram, type ChunkedDiagram } from '../language/mermaid';
import { DiagramChunksRequest, DiagramOutlineRequest, type DiagramOptions } from '../protocol';
import { guard, type ServerContext } from './context';
import { mermaidOptions, syntaxErrorsOf } from './custom';
import { severityOptions } from './settings';

/** Documents whose chunked diagram is kept (each holds its analysis). */
const KEPT = 4;
/** Chunks one request may ask for: a screen needs a few. */
const MAX_CHUNKS = 64;

interface Kept {
  readonly version: number;
  readonly key: string;
  readonly diagram: ChunkedDiagram;
  readonly syntaxErrors: ReturnType<typeof syntaxErrorsOf>;
}

/** The last version of a document without syntax errors, and once asked for while a later one has them, its diagram. */
interface LastGood {
  readonly version: number;
  readonly text: string;
  kept?: Kept;
}

export function registerDiagramChunks(ctx: ServerContext): void {
  const kept = new Map<string, Kept>();
  const lastGood = new Map<string, LastGood>();
  ctx.documents.store.onDidClose((e) => {
    kept.delete(e.document.uri);
    lastGood.delete(e.document.uri);
  });

  /** The chunked diagram of a document's current version (of `version` only, when given: the current one, or the last good one). */
  async function diagramOf(uri: string, options: DiagramOptions | undefined, version?: number): Promise<Kept | null> {
    // Settings first: no later version can take this version's analysis over while they are fetched.
    const severity = severityOptions(await ctx.settings.get(uri));
    const d = ctx.documents.get(uri);
    if (!d) return null;
    const o = mermaidOptions(options);
    const key = JSON.stringify([o, severity]);
    const draw = (analysis: typeof d.analysis, v: number): Kept =>
      ({ version: v, key, diagram: chunkedDiagram(analysis, { ...o, severity, chunkSize: o.chunkSize ?? 0 }), syntaxErrors: syntaxErrorsOf(analysis, severity) });
    if (version !== undefined && d.version !== version) {
      const good = lastGood.get(uri);
      if (good?.version !== version) return null;
      if (good.kept?.key !== key) good.kept = draw(analyze(good.text), version);
      return good.kept;
    }
    const hit = kept.get(uri);
    if (hit && hit.version === d.version && hit.key === key) return hit;
    const fresh = draw(d.analysis, d.version);
    kept.delete(uri);
    kept.set(uri, fresh);
    if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
    if (!fresh.syntaxErrors.length) lastGood.set(uri, { version: d.version, text: d.analysis.text });
    return fresh;
  }

  ctx.connection.onRequest(DiagramOutlineRequest, guard(ctx, 'diagramOutline', null, async (p) => {
    const k = await diagramOf(p.uri, p.options);
    if (!k) return null;
    const { title, participants, chunkLines, errors } = k.diagram;
    return { version: k.version, title, participants, chunkLines, errors, syntaxErrors: k.syntaxErrors };
  }));

  ctx.connection.onRequest(DiagramChunksRequest, guard(ctx, 'diagramChunks', null, async (p) => {
    const k = await diagramOf(p.uri, p.options, p.version);
    if (!k) return null;
    const chunks = p.chunks.slice(0, MAX_CHUNKS).map((i) => k.diagram.chunk(i)).filter((c) => c !== undefined);
    return { version: k.version, chunks };
  }));
}
