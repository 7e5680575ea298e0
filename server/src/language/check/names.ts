// Endpoint names: declarations, first uses, and the one-connection rule (TF2xx).
import type { EndpointStmt, FlowFile, Name, Statement } from '../syntax/ast';
import { didYouMean } from '../didyoumean';
import type { Span } from '../text';
import type { CheckContext } from './context';

export interface NamedEndpoint {
  readonly name: string;
  readonly decl?: EndpointStmt;
  readonly uses: Span[];
}

export interface Names {
  readonly endpoints: readonly NamedEndpoint[];
  /** The endpoint index of a name as written, or -1 when the name is in error. */
  indexOf(name: string): number;
  /** Names in error (a third endpoint, an undeclared one). */
  readonly rejected: ReadonlySet<string>;
}

/** Every endpoint name a statement writes, in order. */
export function namesIn(stmt: Statement): readonly Name[] {
  switch (stmt.kind) {
    case 'segment': return [stmt.src, stmt.dst];
    case 'event':
    case 'assertion': return [stmt.endpoint];
    case 'note': return stmt.endpoints;
    default: return [];
  }
}

export function forEachStatement(file: FlowFile, fn: (stmt: Statement) => void): void {
  for (const s of file.statements) {
    if (s.kind === 'simultaneous') s.segments.forEach(fn);
    else fn(s);
  }
}

export function resolveNames(ctx: CheckContext, file: FlowFile): Names {
  const endpoints: NamedEndpoint[] = [];
  const byName = new Map<string, NamedEndpoint>();
  const decls = file.statements.filter((s): s is EndpointStmt => s.kind === 'endpoint');

  for (const d of decls) {
    const first = byName.get(d.name.text);
    if (first) {
      ctx.report('TF201', d.name, `endpoint ${d.name.text} is declared twice: remove one declaration`, {
        related: first.decl ? [{ start: first.decl.start, end: first.decl.end, message: 'first declared here' }] : [],
        fixes: [{ title: 'Remove this declaration', edits: [{ start: d.start, end: lineEnd(ctx.text, d.end), newText: '' }] }],
      });
    } else if (endpoints.length === 2) {
      thirdEndpoint(ctx, d.name, endpoints);
    } else {
      const e = { name: d.name.text, decl: d, uses: [d.name] };
      endpoints.push(e);
      byName.set(e.name, e);
    }
  }

  const declared = decls.length > 0;
  const rejected = new Set<string>();
  forEachStatement(file, (stmt) => {
    for (const n of namesIn(stmt)) {
      const known = byName.get(n.text);
      if (known) {
        known.uses.push(n);
      } else if (declared) {
        rejected.add(n.text);
        const guess = didYouMean(n.text, byName.keys());
        ctx.report('TF204', n, `endpoint ${n.text} is not declared: this file declares ${[...byName.keys()].join(' and ')}${guess ? ` (did you mean ${guess}?)` : ''}`, {
          fixes: guess ? [{ title: `Change to ${guess}`, edits: [{ start: n.start, end: n.end, newText: guess }], preferred: true }] : [],
        });
      } else if (endpoints.length === 2) {
        rejected.add(n.text);
        thirdEndpoint(ctx, n, endpoints);
      } else {
        const e = { name: n.text, uses: [n] };
        endpoints.push(e);
        byName.set(e.name, e);
      }
    }
    selfSend(ctx, stmt);
  });

  const index = new Map(endpoints.map((e, i) => [e.name, i]));
  return { endpoints, rejected, indexOf: (name) => (rejected.has(name) ? -1 : index.get(name) ?? -1) };
}

/** TF203 for a segment from an endpoint to itself. */
export function selfSend(ctx: CheckContext, stmt: Statement): void {
  if (stmt.kind === 'segment' && stmt.src.text === stmt.dst.text) {
    ctx.report('TF203', { start: stmt.src.start, end: stmt.dst.end }, `${stmt.src.text} sends a segment to itself: a segment goes from one endpoint to the other`);
  }
}

function thirdEndpoint(ctx: CheckContext, n: Name, endpoints: readonly NamedEndpoint[]): void {
  const guess = didYouMean(n.text, endpoints.map((e) => e.name));
  ctx.report('TF202', n, `a file describes one connection between two endpoints (${endpoints.map((e) => e.name).join(' and ')}): ${n.text} would be a third${guess ? ` (did you mean ${guess}?)` : ''}`, {
    fixes: guess ? [{ title: `Change to ${guess}`, edits: [{ start: n.start, end: n.end, newText: guess }], preferred: true }] : [],
  });
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl + 1;
}
