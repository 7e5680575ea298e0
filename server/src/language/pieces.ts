// Checking a file too large to hold as one syntax tree: it is parsed a piece of
// lines at a time (never splitting a `simultaneous` block), three times over —
// the endpoint declarations, then the names and initial states (only as far as
// the first segments), then the check itself — and each piece's findings are
// handed out in file order, as `analyze(text).findings` lists them, before the
// next piece is parsed. Memory: the text, its line index and one piece.
import { PieceCheck } from './check/checker';
import { CheckContext } from './check/context';
import type { Finding } from './check/diagnostic';
import type { Endpoint, Step } from './check/result';
import { initialStates } from './check/initial';
import { forEachStatement, NameResolver } from './check/names';
import type { Statement } from './syntax/ast';
import { parseLines } from './syntax/parser';
import { resolve, type Num } from './tcp/seqnum';

/** About a megabyte of text per piece. */
const PIECE_CHARS = 1 << 20;

interface Piece {
  readonly start: number;
  readonly end: number;
  readonly statements: readonly Statement[];
  readonly findings: readonly Finding[];
}

function* piecesOf(text: string, size: number): Generator<Piece> {
  let start = 0;
  do {
    const from = start;
    const parsed = parseLines(text, from, (at) => at >= from + size);
    yield { start: from, end: parsed.end, statements: parsed.file.statements, findings: parsed.findings };
    start = parsed.end;
  } while (start < text.length);
}

/** What the walk settled before the first step: the endpoints, named and declared, and their initial states. */
export interface PieceSetup {
  readonly endpoints: readonly Endpoint[];
}

/**
 * Walks `text` a piece at a time and calls `onPiece` with each piece's findings
 * (sorted) and steps, in file order; returns the setup, known before the first
 * call through `onSetup`.
 */
function walkPieces(text: string, size: number, onPiece: (findings: Finding[], steps: Step[], last: boolean) => void, onSetup?: (setup: PieceSetup) => void): void {
  const names = new CheckContext(text);
  const resolver = new NameResolver(names, false);
  for (const piece of piecesOf(text, size)) for (const s of piece.statements) if (s.kind === 'endpoint') resolver.declare(s);

  // Names are settled at their first use: resolving as far as the initial states need is enough to start.
  let resolved = -1;
  function* resolving(): Generator<Statement> {
    for (const piece of piecesOf(text, size)) {
      for (const s of piece.statements) {
        forEachStatement({ text, statements: [s] }, (x) => resolver.use(x));
        resolved = s.start;
        yield s;
      }
    }
  }
  const initial = initialStates(resolving(), resolver.names);
  onSetup?.({
    endpoints: resolver.names.endpoints.map((e, i) => ({
      name: e.name, decl: e.decl, label: e.decl?.label?.value, initial: initial[i], initialInferred: e.decl?.state === undefined, uses: e.uses,
    })),
  });

  const check = new PieceCheck(text, resolver.names, initial);
  let pending = names.findings.splice(0);
  for (const piece of piecesOf(text, size)) {
    for (const s of piece.statements) if (s.start > resolved) forEachStatement({ text, statements: [s] }, (x) => resolver.use(x));
    pending = pending.concat(names.findings.splice(0));
    // The last piece takes what stands at the very end of the text too.
    const last = piece.end >= text.length;
    const now = pending.filter((f) => last || f.start < piece.end);
    pending = pending.filter((f) => !last && f.start >= piece.end);
    const replay = check.feed(piece.statements);
    onPiece([...piece.findings, ...now, ...replay.findings].sort((a, b) => a.start - b.start || a.end - b.end), replay.steps, last);
  }
}

/** Calls `emit` with the findings of each piece of `text`, in file order; together they are `analyze(text).findings`. */
export function checkInPieces(text: string, emit: (findings: Finding[]) => void, size = PIECE_CHARS): void {
  walkPieces(text, size, (findings) => emit(findings));
}

/** A number that no later pin can change: shown now, it reads as it will at the end. */
const settled = (n: Num | undefined): boolean => n === undefined || typeof resolve(n) === 'number';

/**
 * Calls `onSetup` with the endpoints, then `emit` with the steps of `text` in
 * file order; together they are `analyze(text).result.steps`. A step whose
 * segment still has a free symbol in its numbers (a later use may pin it) is
 * held, with the steps after it, until its numbers are concrete or the text
 * ends: what is handed out reads as the whole analysis shows it.
 */
export function stepsInPieces(text: string, onSetup: (setup: PieceSetup) => void, emit: (steps: Step[]) => void, size = PIECE_CHARS): void {
  let held: Step[] = [];
  walkPieces(text, size, (_findings, steps, last) => {
    held = held.length ? held.concat(steps) : steps;
    let ready = 0;
    while (ready < held.length && (last || (settled(held[ready].segment?.seq) && settled(held[ready].segment?.ack)))) ready++;
    if (ready === held.length) {
      if (held.length) emit(held);
      held = [];
    } else if (ready) {
      emit(held.slice(0, ready));
      held = held.slice(ready);
    }
  }, onSetup);
}
