// Endpoint names: declarations, first uses, and the one-connection rule (TF2xx).
import type { EndpointStmt, FlowFile, Name, Statement } from '../syntax/ast';
import { didYouMean } from '../didyoumean';
import { nextLineStart, type Span } from '../text';
import type { CheckContext } from './context';
import { dstText, srcText } from '../syntax/segmentNode';

export interface NamedEndpoint {
  readonly name: string;
  readonly decl?: EndpointStmt;
  /** Where the name is first written: its declaration's name, or its first use. */
  readonly first: Span;
}

export interface Names {
  readonly endpoints: readonly NamedEndpoint[];
  /** The endpoint index of a name as written, or -1 when the name is in error. */
  indexOf(name: string): number;
  /** Names in error (a third endpoint, an undeclared one). */
  readonly rejected: ReadonlySet<string>;
}

/** The names a resolver settles, read as it settles them. A class, not a closure per check: every check calls the same `indexOf`. */
class ResolvedNames implements Names {
  constructor(readonly endpoints: readonly NamedEndpoint[], readonly rejected: ReadonlySet<string>) {}

  // A name in error is never an endpoint's: the position among the (at most two) endpoints is the answer.
  indexOf(name: string): number {
    const e = this.endpoints;
    return e.length > 0 && e[0].name === name ? 0 : e.length > 1 && e[1].name === name ? 1 : -1;
  }
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

// Indexed loops over the statements: a long-running loop over a large file may run before it is optimized, and then each step of a for-of allocates.
export function forEachStatement(file: FlowFile, fn: (stmt: Statement) => void): void {
  const statements = file.statements;
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i];
    if (s.kind === 'simultaneous') s.segments.forEach(fn);
    else fn(s);
  }
}

/**
 * Resolves names statement by statement: every declaration first, then each
 * statement's uses in file order (a name's status is settled at its first use).
 * Only an endpoint's first use is kept: `usesOf` finds the others when asked.
 */
export class NameResolver {
  private readonly endpoints: NamedEndpoint[] = [];
  private readonly byName = new Map<string, NamedEndpoint>();
  private readonly rejected = new Set<string>();
  private declared = false;
  readonly names: Names;

  constructor(private readonly ctx: CheckContext) {
    this.names = new ResolvedNames(this.endpoints, this.rejected);
  }

  declare(d: EndpointStmt): void {
    const { ctx, endpoints, byName } = this;
    this.declared = true;
    const first = byName.get(d.name.text);
    if (first) {
      ctx.report('TF201', d.name, `endpoint ${d.name.text} is declared twice: remove one declaration`, {
        related: first.decl ? [{ start: first.decl.start, end: first.decl.end, message: 'first declared here' }] : [],
        fixes: [{ title: 'Remove this declaration', edits: [{ start: d.start, end: nextLineStart(ctx.text, d.end), newText: '' }] }],
      });
    } else if (endpoints.length === 2) {
      thirdEndpoint(ctx, d.name, endpoints);
    } else this.add({ name: d.name.text, decl: d, first: d.name });
  }

  /** `use` for a top-level statement: each segment of a block. */
  useAll(stmt: Statement): void {
    if (stmt.kind === 'simultaneous') for (const s of stmt.segments) this.use(s);
    else this.use(stmt);
  }

  use(stmt: Statement): void {
    // A segment's names by their text first: it makes their spans only for a first use or a finding.
    if (stmt.kind === 'segment') {
      if (!this.isKnown(srcText(stmt))) this.useName(stmt.src);
      if (!this.isKnown(dstText(stmt))) this.useName(stmt.dst);
    } else for (const n of namesIn(stmt)) this.useName(n);
    selfSend(this.ctx, stmt);
  }

  private isKnown(name: string): boolean {
    return this.names.indexOf(name) >= 0;
  }

  private useName(n: Name): void {
    const { ctx, endpoints, byName } = this;
    if (this.isKnown(n.text)) return;
    if (this.declared) {
      this.rejected.add(n.text);
      const guess = didYouMean(n.text, byName.keys());
      ctx.report('TF204', n, `endpoint ${n.text} is not declared: this file declares ${[...byName.keys()].join(' and ')}${guess ? ` (did you mean ${guess}?)` : ''}`, {
        fixes: guess ? [{ title: `Change to ${guess}`, edits: [{ start: n.start, end: n.end, newText: guess }], preferred: true }] : [],
      });
    } else if (endpoints.length === 2) {
      this.rejected.add(n.text);
      thirdEndpoint(ctx, n, endpoints);
    } else this.add({ name: n.text, first: n });
  }

  private add(e: NamedEndpoint): void {
    this.endpoints.push(e);
    this.byName.set(e.name, e);
  }
}

/** How many times an endpoint's name is written: its declaration and every use. */
export function usesOf(file: FlowFile, e: { readonly name: string; readonly decl?: EndpointStmt }): number {
  let n = e.decl ? 1 : 0;
  forEachStatement(file, (s) => {
    for (const name of namesIn(s)) if (name.text === e.name) n++;
  });
  return n;
}

/** TF203 for a segment from an endpoint to itself. */
export function selfSend(ctx: CheckContext, stmt: Statement): void {
  if (stmt.kind === 'segment' && srcText(stmt) === dstText(stmt)) {
    ctx.report('TF203', { start: stmt.src.start, end: stmt.dst.end }, `${stmt.src.text} sends a segment to itself: a segment goes from one endpoint to the other`);
  }
}

function thirdEndpoint(ctx: CheckContext, n: Name, endpoints: readonly NamedEndpoint[]): void {
  const guess = didYouMean(n.text, endpoints.map((e) => e.name));
  ctx.report('TF202', n, `a file describes one connection between two endpoints (${endpoints.map((e) => e.name).join(' and ')}): ${n.text} would be a third${guess ? ` (did you mean ${guess}?)` : ''}`, {
    fixes: guess ? [{ title: `Change to ${guess}`, edits: [{ start: n.start, end: n.end, newText: guess }], preferred: true }] : [],
  });
}

